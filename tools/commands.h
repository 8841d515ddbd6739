/* The hypabi subcommands that live outside hypabi.c. */
#ifndef HYPABI_COMMANDS_H
#define HYPABI_COMMANDS_H

int cmd_check(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_trace(int argc, char **argv);
/* check --sequence, trace --sequence, and the list of sequences (cmd_sequence.c). */
int cmd_check_sequence(int argc, char **argv);
int cmd_trace_sequence(int argc, char **argv);
int cmd_sequences(void);

#endif
