/*
 * What `hypabi --version` says: the project's version and the commit the
 * build was configured from (git describe --always --dirty of the source
 * tree, or "unknown" outside a git tree, as in a package built from a
 * tarball). Generated at configure time into version.c (version.c.in), so
 * that a new commit relinks hypabi alone rather than recompiling every
 * file that sees HYPABI_VERSION.
 */
#ifndef HYPABI_VERSION_H
#define HYPABI_VERSION_H

extern const char hypabi_version[];
extern const char hypabi_commit[];

#endif
