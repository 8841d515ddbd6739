/* Reading a stub file: raw blobs here, ELF in elf.c. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"

#define ELF_MAGIC	"\177ELF"

int image_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * The file's bytes: mapped where the system can (a kernel Image of tens of
 * megabytes is then read from the page cache, not copied), read into
 * memory where it cannot. *mapped says which; *fdp is the file, open.
 */
static int read_file(const char *path, uint64_t max, uint8_t **out, size_t *outlen,
		     bool *mapped, int *fdp, char *err, size_t errlen)
{
	struct stat st;
	uint8_t *buf;
	size_t got = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return image_fail(err, errlen, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;

		close(fd);
		return image_fail(err, errlen, "cannot stat '%s': %s", path, strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return image_fail(err, errlen, "'%s' is a directory, not a stub file", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return image_fail(err, errlen, "'%s' is not a regular file", path);
	}
	if (st.st_size == 0) {
		close(fd);
		return image_fail(err, errlen, "'%s' is empty", path);
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return image_fail(err, errlen, "'%s' is %" PRIu64 " bytes, more than the %" PRIu64
			    "-byte limit on a stub image", path, (uint64_t)st.st_size, max);
	}
	buf = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (buf != MAP_FAILED) {
		*fdp = fd;
		*out = buf;
		*outlen = (size_t)st.st_size;
		*mapped = true;
		return 0;
	}
	buf = malloc((size_t)st.st_size);
	if (!buf) {
		close(fd);
		return image_fail(err, errlen, "'%s': out of memory", path);
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : EIO;

			free(buf);
			close(fd);
			return image_fail(err, errlen, "cannot read '%s': %s", path, strerror(e));
		}
		got += (size_t)n;
	}
	*fdp = fd;
	*out = buf;
	*outlen = got;
	*mapped = false;
	return 0;
}

int image_load_raw(const char *path, const uint8_t *buf, size_t len,
		   const struct load_options *opt, struct stub_image *img,
		   char *err, size_t errlen)
{
	if (opt->load_addr + len < opt->load_addr)
		return image_fail(err, errlen, "'%s' does not fit at --load 0x%" PRIx64,
			    path, opt->load_addr);
	img->format = IMAGE_RAW;
	img->seg[0].addr = opt->load_addr;
	img->seg[0].size = len;
	img->seg[0].data = malloc(len);
	if (!img->seg[0].data)
		return image_fail(err, errlen, "'%s': out of memory", path);
	memcpy(img->seg[0].data, buf, len);
	img->nseg = 1;
	img->entry = opt->load_addr;
	return 0;
}

/*
 * Load buf (len bytes) into img. fd, when not -1, is the file they are:
 * img owns it from here, and keeps it only while a segment maps it.
 */
static int load_bytes(const char *path, const uint8_t *buf, size_t len, int fd,
		      const struct load_options *opt, struct stub_image *img, char *err,
		      size_t errlen)
{
	bool maps_file = false;
	int rc;

	memset(img, 0, sizeof(*img));
	img->file_fd = fd;
	img->file_open = fd >= 0;
	if (len == 0) {
		image_free(img);
		return image_fail(err, errlen, "'%s' is empty", path);
	}
	img->path = strdup(path);
	if (len >= 4 && memcmp(buf, ELF_MAGIC, 4) == 0)
		rc = image_load_elf(path, buf, len, opt, img, err, errlen);
	else if (image_is_arm64(buf, len))
		rc = image_load_arm64(path, buf, len, opt, img, err, errlen);
	else if (image_is_zimage(buf, len))
		rc = image_load_zimage(path, buf, len, opt, img, err, errlen);
	else
		rc = image_load_raw(path, buf, len, opt, img, err, errlen);
	if (rc) {
		image_free(img);
		return rc;
	}
	for (unsigned int i = 0; i < img->nseg; i++)
		maps_file |= img->seg[i].mapped;
	if (img->file_open && !maps_file) {
		close(img->file_fd);
		img->file_open = false;
	}
	return 0;
}

int image_load(const char *path, const struct load_options *opt,
	       struct stub_image *img, char *err, size_t errlen)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	bool mapped = false;
	int fd = -1, rc;

	memset(img, 0, sizeof(*img));
	if (read_file(path, opt->max_size, &buf, &len, &mapped, &fd, err, errlen))
		return -1;
	rc = load_bytes(path, buf, len, fd, opt, img, err, errlen);
	if (mapped)
		munmap(buf, len);
	else
		free(buf);
	return rc;
}

int image_load_buffer(const char *path, const uint8_t *buf, size_t len,
		      const struct load_options *opt, struct stub_image *img,
		      char *err, size_t errlen)
{
	return load_bytes(path, buf, len, -1, opt, img, err, errlen);
}

void image_free(struct stub_image *img)
{
	for (unsigned int i = 0; i < img->nseg; i++)
		image_segment_release(&img->seg[i]);
	if (img->has_payload)
		image_segment_release(&img->payload.seg);
	if (img->file_open)
		close(img->file_fd);
	free(img->sym);
	free(img->strtab);
	free(img->path);
	memset(img, 0, sizeof(*img));
}

const uint8_t *image_code_at(const struct stub_image *img, uint64_t addr, size_t *left)
{
	for (unsigned int i = 0; i < img->nseg; i++) {
		const struct segment *s = &img->seg[i];

		if (!s->noexec && addr >= s->addr && addr - s->addr < s->size) {
			*left = (size_t)(s->size - (addr - s->addr));
			return s->data + (addr - s->addr);
		}
	}
	return NULL;
}

bool image_contains(const struct stub_image *img, uint64_t addr, uint64_t len)
{
	for (unsigned int i = 0; i < img->nseg; i++) {
		const struct segment *s = &img->seg[i];

		if (addr >= s->addr && len <= s->size && addr - s->addr <= s->size - len)
			return true;
	}
	return false;
}

const char *image_symbol_at(const struct stub_image *img, uint64_t addr)
{
	const char *name = NULL;

	/* Mapping symbols ($x, $a, $d: ELF for the Arm Architecture) name no code. */
	for (unsigned int i = 0; i < img->nsym; i++)
		if (img->sym[i].value == addr && !img->sym[i].absolute && img->sym[i].name[0] != '$')
			name = img->sym[i].name;
	return name;
}

const char *image_undefined_at(const struct stub_image *img, uint64_t addr)
{
	for (unsigned int i = 0; i < img->nsym; i++)
		if (img->sym[i].undefined && addr >= img->sym[i].value &&
		    addr - img->sym[i].value < IMAGE_UNDEF_SLOT)
			return img->sym[i].name;
	return NULL;
}

bool image_has_symbols(const struct stub_image *img)
{
	return img->format == IMAGE_ELF || img->format == IMAGE_VMLINUX ||
	       img->format == IMAGE_OBJECT;
}

bool image_lookup(const struct stub_image *img, const char *name, uint64_t *value)
{
	for (unsigned int i = 0; i < img->nsym; i++) {
		if (strcmp(img->sym[i].name, name) == 0) {
			*value = img->sym[i].value;
			return true;
		}
	}
	return false;
}

uint64_t image_low(const struct stub_image *img)
{
	uint64_t lo = UINT64_MAX;

	for (unsigned int i = 0; i < img->nseg; i++)
		if (img->seg[i].addr < lo)
			lo = img->seg[i].addr;
	return lo;
}

uint64_t image_high(const struct stub_image *img)
{
	uint64_t hi = 0;

	for (unsigned int i = 0; i < img->nseg; i++)
		if (img->seg[i].addr + img->seg[i].size > hi)
			hi = img->seg[i].addr + img->seg[i].size;
	return hi;
}

void image_select_payload(struct stub_image *img)
{
	for (unsigned int i = 0; i < img->nseg; i++)
		image_segment_release(&img->seg[i]);
	img->seg[0] = img->payload.seg;
	img->nseg = 1;
	img->entry = img->seg[0].addr;
	img->has_payload = false;
	memset(&img->payload.seg, 0, sizeof(img->payload.seg));
}

const char *image_format_name(enum image_format f)
{
	switch (f) {
	case IMAGE_ELF:	   return "ELF";
	case IMAGE_ARM64:  return "arm64 Image";
	case IMAGE_ZIMAGE: return "zImage";
	case IMAGE_VMLINUX: return "vmlinux";
	case IMAGE_OBJECT: return "relocatable object";
	default:	   return "raw";
	}
}
