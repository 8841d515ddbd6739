/*
 * The listing of `hypabi scan`: the candidate HYP stub vector tables
 * found in one image, in every report format.
 */
#ifndef HYPABI_REPORT_SCAN_H
#define HYPABI_REPORT_SCAN_H

#include <stdio.h>

#include "banner.h"
#include "image.h"
#include "profile.h"
#include "report.h"
#include "scan.h"

struct scan_report {
	const char *path;			/* the image as the user named it */
	const struct stub_image *img;		/* loaded and placed */
	const char *arch;
	const struct profile *profile;		/* names the numbers the candidates compare with */
	const struct scan_result *sr;
	const struct linux_banner *banner;	/* the kernel's version banner; NULL: none */
};

/* 0, or -1 if out could not be written. */
int report_scan(FILE *out, enum report_format f, const struct scan_report *s);

#endif
