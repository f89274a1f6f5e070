// SPDX-License-Identifier: GPL-2.0
/*
 * vfio-ap-callout: the pure logic (see apcfg.h). Every function here works
 * on memory only, so that the test program can drive each rule directly.
 */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "apcfg.h"

/* At most this many APQNs are named in one message, then "and N more". */
#define AP_LIST_MAX	8

/**
 * ap_mask_set() - add an ID to a mask
 * @m:	the mask
 * @id:	0..255
 */
void ap_mask_set(struct ap_mask *m, unsigned int id)
{
	m->w[id / 64] |= 1ULL << (id % 64);
}

/**
 * ap_mask_clear() - remove an ID from a mask
 * @m:	the mask
 * @id:	0..255
 */
void ap_mask_clear(struct ap_mask *m, unsigned int id)
{
	m->w[id / 64] &= ~(1ULL << (id % 64));
}

/**
 * ap_mask_test() - is an ID in a mask?
 * @m:	the mask
 * @id:	0..255
 *
 * Return: true if it is.
 */
bool ap_mask_test(const struct ap_mask *m, unsigned int id)
{
	return m->w[id / 64] & (1ULL << (id % 64));
}

/**
 * ap_mask_empty() - does a mask hold no ID?
 * @m:	the mask
 *
 * Return: true if it is empty.
 */
bool ap_mask_empty(const struct ap_mask *m)
{
	unsigned int i;

	for (i = 0; i < AP_NR_IDS / 64; i++)
		if (m->w[i])
			return false;
	return true;
}

/**
 * ap_mask_and() - the IDs in both of two masks
 * @dst:	receives a AND b (may be one of them)
 * @a:		first mask
 * @b:		second mask
 *
 * Return: true if the result is not empty.
 */
bool ap_mask_and(struct ap_mask *dst, const struct ap_mask *a,
		 const struct ap_mask *b)
{
	unsigned int i;

	for (i = 0; i < AP_NR_IDS / 64; i++)
		dst->w[i] = a->w[i] & b->w[i];
	return !ap_mask_empty(dst);
}

static int ap_digit(char c, unsigned int base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return v < (int)base ? v : -1;
}

/**
 * ap_parse_id() - parse an ID as vfio_ap's assign and unassign files do
 * @s:	the value; NUL-terminated
 * @id:	receives the number
 *
 * The accepted text is the kernel's unsigned number in automatic base: an
 * optional '+', then "0x"/"0X" and hex digits, or '0' and octal digits, or
 * decimal digits; then at most one newline. The value is not checked
 * against any limit.
 *
 * Return: 0, -EINVAL for text that is not such a number, -ERANGE for one
 * that does not fit 64 bits.
 */
int ap_parse_id(const char *s, unsigned long *id)
{
	unsigned long long v = 0;
	unsigned int base = 10;
	bool digits = false;
	int d;

	if (*s == '+')
		s++;
	if (s[0] == '0') {
		if ((s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
			base = 16;
			s += 2;
		} else {
			base = 8;
		}
	}
	for (; (d = ap_digit(*s, base)) >= 0; s++) {
		if (v > (~0ULL - d) / base)
			return -ERANGE;
		v = v * base + d;
		digits = true;
	}
	if (*s == '\n')
		s++;
	if (!digits || *s)
		return -EINVAL;
	*id = v;
	return 0;
}

/**
 * ap_parse_mask() - parse one absolute hex mask as /sys/bus/ap/apmask shows it
 * @s:		the text
 * @len:	its length (need not be NUL-terminated)
 * @m:		receives the mask; the first hex digit holds IDs 0 to 3
 *
 * An optional "0x" or "x", at most 64 hex digits (missing ones are zero),
 * then at most one newline.
 *
 * Return: 0 or -EINVAL.
 */
int ap_parse_mask(const char *s, size_t len, struct ap_mask *m)
{
	const char *end = s + len;
	unsigned int id = 0;
	int d, i;

	memset(m, 0, sizeof(*m));
	if (len >= 2 && s[0] == '0' && s[1] == 'x')
		s += 2;
	else if (s < end && s[0] == 'x')
		s++;
	for (; s < end && (d = ap_digit(*s, 16)) >= 0; s++) {
		if (id >= AP_NR_IDS)
			return -EINVAL;
		for (i = 0; i < 4; i++)
			if (d & (8 >> i))
				ap_mask_set(m, id + i);
		id += 4;
	}
	if (s < end && *s == '\n')
		s++;
	return s == end ? 0 : -EINVAL;
}

/**
 * ap_parse_config() - parse an ap_config line
 * @s:	the text, NUL-terminated
 * @m:	receives the three masks; untouched on error
 *
 * As vfio_ap reads a write to ap_config: only the first line-length bytes
 * count; three masks (adapters, usage domains, control domains) separated
 * by ',' or a newline, each in the syntax of ap_parse_mask(); anything
 * after the third is ignored.
 *
 * Return: 0 or -EINVAL.
 */
int ap_parse_config(const char *s, struct ap_matrix *m)
{
	struct ap_matrix parsed;
	struct ap_mask *masks[] = { &parsed.apm, &parsed.aqm, &parsed.adm };
	const char *end = s + strnlen(s, AP_CONFIG_LEN + 1);
	const char *p = s;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		const char *field = p;

		if (!p)
			return -EINVAL;
		while (p < end && *p != ',' && *p != '\n')
			p++;
		if (ap_parse_mask(field, p - field, masks[i]))
			return -EINVAL;
		p = p < end ? p + 1 : NULL;
	}
	*m = parsed;
	return 0;
}

static void ap_format_mask(const struct ap_mask *m, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int id, i;

	*buf++ = '0';
	*buf++ = 'x';
	for (id = 0; id < AP_NR_IDS; id += 4) {
		unsigned int d = 0;

		for (i = 0; i < 4; i++)
			if (ap_mask_test(m, id + i))
				d |= 8 >> i;
		*buf++ = hex[d];
	}
	*buf = '\0';
}

/**
 * ap_format_config() - the ap_config text of a matrix
 * @m:		the matrix
 * @buf:	receives AP_CONFIG_LEN characters and a NUL, no newline
 */
void ap_format_config(const struct ap_matrix *m, char *buf)
{
	ap_format_mask(&m->apm, buf);
	buf[66] = ',';
	ap_format_mask(&m->aqm, buf + 67);
	buf[133] = ',';
	ap_format_mask(&m->adm, buf + 134);
}

/*
 * One hex ID of at most @width digits from the start of *@p, advancing it.
 * Return: the ID, or -1 if there is none or it is above 255.
 */
static int ap_take_hex(const char **p, unsigned int width)
{
	unsigned int v = 0, n = 0;
	int d;

	while (n < width && (d = ap_digit(**p, 16)) >= 0) {
		v = v * 16 + d;
		(*p)++;
		n++;
	}
	return n && v < AP_NR_IDS ? (int)v : -1;
}

/**
 * ap_parse_apqn_list() - read an mdev's matrix file
 * @text:	the file, NUL-terminated
 * @m:		its adapters and usage domains are set; adm is not touched
 *
 * Lines "aa.dddd" (hex) name queues, "aa." an adapter without domains,
 * ".dddd" a domain without adapters.
 *
 * Return: 0 or -EINVAL for a line in none of these forms.
 */
int ap_parse_apqn_list(const char *text, struct ap_matrix *m)
{
	const char *p = text;

	memset(&m->apm, 0, sizeof(m->apm));
	memset(&m->aqm, 0, sizeof(m->aqm));
	while (*p) {
		int a = -2, d = -2;

		if (*p != '.')
			a = ap_take_hex(&p, 2);
		if (*p++ != '.')
			return -EINVAL;
		if (*p != '\n' && *p)
			d = ap_take_hex(&p, 4);
		if (a == -1 || d == -1 || (a == -2 && d == -2))
			return -EINVAL;
		if (*p == '\n')
			p++;
		else if (*p)
			return -EINVAL;
		if (a >= 0)
			ap_mask_set(&m->apm, a);
		if (d >= 0)
			ap_mask_set(&m->aqm, d);
	}
	return 0;
}

/**
 * ap_parse_id_lines() - read an mdev's control_domains file
 * @text:	one hex ID per line, NUL-terminated
 * @m:		receives the IDs
 *
 * Return: 0 or -EINVAL.
 */
int ap_parse_id_lines(const char *text, struct ap_mask *m)
{
	const char *p = text;
	int id;

	memset(m, 0, sizeof(*m));
	while (*p) {
		id = ap_take_hex(&p, 4);
		if (id < 0)
			return -EINVAL;
		if (*p == '\n')
			p++;
		else if (*p)
			return -EINVAL;
		ap_mask_set(m, id);
	}
	return 0;
}

/**
 * ap_msgs_add() - add a message for the user
 * @msgs:	the list
 * @refusal:	true: the configuration is refused; false: a warning
 * @fmt:	printf format of the one-line text
 *
 * Running out of memory aborts the program: a callout that cannot say why
 * it refuses must not pass either.
 */
void ap_msgs_add(struct ap_msgs *msgs, bool refusal, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (msgs->n == msgs->cap) {
		msgs->cap = msgs->cap ? 2 * msgs->cap : 8;
		msgs->v = realloc(msgs->v, msgs->cap * sizeof(*msgs->v));
		if (!msgs->v)
			abort();
	}
	msgs->v[msgs->n].refusal = refusal;
	msgs->v[msgs->n].text = text;
	msgs->n++;
	if (refusal)
		msgs->refusals++;
}

/**
 * ap_msgs_print() - print the messages, one line each
 * @msgs:	the list
 * @f:		where to
 *
 * Warnings get the prefix "warning: ".
 */
void ap_msgs_print(const struct ap_msgs *msgs, FILE *f)
{
	size_t i;

	for (i = 0; i < msgs->n; i++)
		fprintf(f, "%s%s\n", msgs->v[i].refusal ? "" : "warning: ",
			msgs->v[i].text);
}

/**
 * ap_msgs_free() - free the messages and empty the list
 * @msgs:	the list
 */
void ap_msgs_free(struct ap_msgs *msgs)
{
	size_t i;

	for (i = 0; i < msgs->n; i++)
		free(msgs->v[i].text);
	free(msgs->v);
	memset(msgs, 0, sizeof(*msgs));
}

enum ap_attr_op { AP_OP_ASSIGN, AP_OP_UNASSIGN, AP_OP_CONFIG };

struct ap_attr_desc {
	const char *name;
	enum ap_attr_op op;
	size_t mask;		/* offset of the mask in struct ap_matrix */
	const char *what;	/* for messages */
};

static const struct ap_attr_desc ap_attrs[] = {
	{ "assign_adapter", AP_OP_ASSIGN, offsetof(struct ap_matrix, apm),
	  "adapter" },
	{ "assign_domain", AP_OP_ASSIGN, offsetof(struct ap_matrix, aqm),
	  "domain" },
	{ "assign_control_domain", AP_OP_ASSIGN,
	  offsetof(struct ap_matrix, adm), "control domain" },
	{ "unassign_adapter", AP_OP_UNASSIGN, offsetof(struct ap_matrix, apm),
	  "adapter" },
	{ "unassign_domain", AP_OP_UNASSIGN, offsetof(struct ap_matrix, aqm),
	  "domain" },
	{ "unassign_control_domain", AP_OP_UNASSIGN,
	  offsetof(struct ap_matrix, adm), "control domain" },
	{ "ap_config", AP_OP_CONFIG, 0, NULL },
};

static struct ap_mask *ap_matrix_mask(struct ap_matrix *m, size_t off)
{
	return (struct ap_mask *)((char *)m + off);
}

/* Report every ID of @mask above @max; return how many were reported. */
static unsigned int ap_check_mask_limit(const struct ap_mask *mask,
					unsigned int max, unsigned int idx,
					const char *what, struct ap_msgs *msgs)
{
	unsigned int id, n = 0;

	for (id = max + 1; id < AP_NR_IDS; id++) {
		if (!ap_mask_test(mask, id))
			continue;
		ap_msgs_add(msgs, true,
			    "attrs[%u] ap_config: %s %u is above this machine's highest %s ID %u",
			    idx, what, id, what, max);
		n++;
	}
	return n;
}

/* Apply attribute @idx, NAME=VALUE, to @m; false if it is refused. */
static bool ap_apply_attr(struct ap_matrix *m, unsigned int idx,
			  const char *name, const char *value,
			  const struct ap_limits *lim, struct ap_msgs *msgs)
{
	const struct ap_attr_desc *d = NULL;
	unsigned long id;
	unsigned int i, max;
	struct ap_matrix cfg;

	for (i = 0; i < ARRAY_SIZE(ap_attrs); i++)
		if (!strcmp(ap_attrs[i].name, name))
			d = &ap_attrs[i];
	if (!d) {
		ap_msgs_add(msgs, true, "attrs[%u]: \"%s\" is not a vfio_ap attribute",
			    idx, name);
		return false;
	}

	if (d->op == AP_OP_CONFIG) {
		if (ap_parse_config(value, &cfg)) {
			ap_msgs_add(msgs, true,
				    "attrs[%u] ap_config=\"%s\": not three hex masks separated by commas",
				    idx, value);
			return false;
		}
		if (lim &&
		    ap_check_mask_limit(&cfg.apm, lim->max_apid, idx, "adapter", msgs) +
		    ap_check_mask_limit(&cfg.aqm, lim->max_apqi, idx, "domain", msgs) +
		    ap_check_mask_limit(&cfg.adm, lim->max_apqi, idx,
					"control domain", msgs))
			return false;
		*m = cfg;
		return true;
	}

	if (ap_parse_id(value, &id)) {
		ap_msgs_add(msgs, true, "attrs[%u] %s=\"%s\": not a number", idx,
			    name, value);
		return false;
	}
	max = AP_NR_IDS - 1;
	if (lim)
		max = d->mask == offsetof(struct ap_matrix, apm) ?
		      lim->max_apid : lim->max_apqi;
	if (id > max) {
		ap_msgs_add(msgs, true,
			    "attrs[%u] %s=\"%s\": %s %lu is above this machine's highest %s ID %u",
			    idx, name, value, d->what, id, d->what, max);
		return false;
	}
	if (d->op == AP_OP_ASSIGN)
		ap_mask_set(ap_matrix_mask(m, d->mask), id);
	else
		ap_mask_clear(ap_matrix_mask(m, d->mask), id);
	return true;
}

/**
 * ap_cfg_from_json() - the vfio_ap matrix of an mdevctl device configuration
 * @obj:	the configuration: "mdev_type", "start" and "attrs", an array
 *		of objects with one string member each
 * @lim:	the machine's limits, or NULL to accept any ID up to 255
 * @cfg:	receives type, start mode and the matrix the attributes build
 *		when written in order to a new, empty mdev
 * @msgs:	receives one refusal per malformed part
 *
 * Return: 0, or -EINVAL if anything was refused.
 */
int ap_cfg_from_json(struct json_object *obj, const struct ap_limits *lim,
		     struct ap_cfg *cfg, struct ap_msgs *msgs)
{
	struct json_object *v, *attrs;
	unsigned int before = msgs->refusals;
	size_t i, n;

	memset(cfg, 0, sizeof(*cfg));
	if (!json_object_is_type(obj, json_type_object)) {
		ap_msgs_add(msgs, true, "the device configuration is not a JSON object");
		return -EINVAL;
	}
	if (json_object_object_get_ex(obj, "mdev_type", &v)) {
		if (!json_object_is_type(v, json_type_string)) {
			ap_msgs_add(msgs, true, "\"mdev_type\" is not a string");
			return -EINVAL;
		}
		snprintf(cfg->type, sizeof(cfg->type), "%s",
			 json_object_get_string(v));
	}
	if (json_object_object_get_ex(obj, "start", &v)) {
		const char *s = json_object_get_string(v);

		if (!json_object_is_type(v, json_type_string) ||
		    (strcmp(s, "auto") && strcmp(s, "manual"))) {
			ap_msgs_add(msgs, true,
				    "\"start\" is neither \"auto\" nor \"manual\"");
			return -EINVAL;
		}
		cfg->autostart = !strcmp(s, "auto");
	}
	if (!json_object_object_get_ex(obj, "attrs", &attrs) ||
	    json_object_is_type(attrs, json_type_null))
		return 0;
	if (!json_object_is_type(attrs, json_type_array)) {
		ap_msgs_add(msgs, true, "\"attrs\" is not an array");
		return -EINVAL;
	}

	n = json_object_array_length(attrs);
	for (i = 0; i < n; i++) {
		struct json_object *a = json_object_array_get_idx(attrs, i);
		struct json_object_iterator it;

		if (!json_object_is_type(a, json_type_object) ||
		    json_object_object_length(a) != 1) {
			ap_msgs_add(msgs, true,
				    "attrs[%zu]: not an object with exactly one member", i);
			continue;
		}
		it = json_object_iter_begin(a);
		v = json_object_iter_peek_value(&it);
		if (!json_object_is_type(v, json_type_string)) {
			ap_msgs_add(msgs, true, "attrs[%zu] %s: the value is not a string",
				    i, json_object_iter_peek_name(&it));
			continue;
		}
		ap_apply_attr(&cfg->m, i, json_object_iter_peek_name(&it),
			      json_object_get_string(v), lim, msgs);
	}
	return msgs->refusals == before ? 0 : -EINVAL;
}

/**
 * ap_cfg_from_text() - ap_cfg_from_json() of a JSON text
 * @text:	the configuration, NUL-terminated
 * @lim:	as for ap_cfg_from_json()
 * @cfg:	as for ap_cfg_from_json()
 * @msgs:	as for ap_cfg_from_json(); also gets the JSON parser's error
 *
 * Return: 0 or -EINVAL.
 */
int ap_cfg_from_text(const char *text, const struct ap_limits *lim,
		     struct ap_cfg *cfg, struct ap_msgs *msgs)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj;
	int ret;

	if (!tok)
		abort();
	obj = json_tokener_parse_ex(tok, text, strlen(text));
	if (!obj || tok->char_offset != (int)strlen(text)) {
		enum json_tokener_error err = json_tokener_get_error(tok);

		ap_msgs_add(msgs, true, "the device configuration is not valid JSON: %s",
			    err == json_tokener_success ? "text after the object" :
			    err == json_tokener_continue ? "unexpected end of data" :
			    json_tokener_error_desc(err));
		json_object_put(obj);
		json_tokener_free(tok);
		memset(cfg, 0, sizeof(*cfg));
		return -EINVAL;
	}
	json_tokener_free(tok);
	ret = ap_cfg_from_json(obj, lim, cfg, msgs);
	json_object_put(obj);
	return ret;
}

/* "05.0001 05.0002 and 3 more" for the queues apm x aqm. */
static char *ap_apqn_list(const struct ap_mask *apm, const struct ap_mask *aqm)
{
	char *s = malloc(AP_LIST_MAX * 8 + 32);
	unsigned int a, d, n = 0;
	size_t len = 0;

	if (!s)
		abort();
	s[0] = '\0';
	for (a = 0; a < AP_NR_IDS; a++) {
		if (!ap_mask_test(apm, a))
			continue;
		for (d = 0; d < AP_NR_IDS; d++) {
			if (!ap_mask_test(aqm, d))
				continue;
			if (n < AP_LIST_MAX)
				len += sprintf(s + len, "%s%02x.%04x",
					       n ? " " : "", a, d);
			n++;
		}
	}
	if (n > AP_LIST_MAX)
		sprintf(s + len, " and %u more", n - AP_LIST_MAX);
	return s;
}

/* Do the queues of @a and @b overlap? If so, return their list. */
static char *ap_overlap(const struct ap_matrix *a, const struct ap_matrix *b)
{
	struct ap_mask apm, aqm;

	if (!ap_mask_and(&apm, &a->apm, &b->apm) ||
	    !ap_mask_and(&aqm, &a->aqm, &b->aqm))
		return NULL;
	return ap_apqn_list(&apm, &aqm);
}

/* The device of @uuid has an active entry that clashes with @m. */
static bool ap_active_clash(const struct ap_host *host, const char *uuid,
			    const struct ap_matrix *m)
{
	struct ap_mask apm, aqm;
	size_t i;

	for (i = 0; i < host->ndevs; i++) {
		const struct ap_dev *d = &host->devs[i];

		if (d->kind == AP_DEV_ACTIVE && !strcmp(d->uuid, uuid) &&
		    ap_mask_and(&apm, &d->m.apm, &m->apm) &&
		    ap_mask_and(&aqm, &d->m.aqm, &m->aqm))
			return true;
	}
	return false;
}

/**
 * ap_check() - check a new matrix against the machine and the other devices
 * @uuid:	the device the matrix is for: its own entries never clash
 * @m:		the matrix; IDs are already within the limits
 * @host:	the machine's masks and the other devices
 * @msgs:	receives one line per finding
 *
 * Refused: queues that an active vfio_ap device has, or that a definition
 * starting automatically has (a second such device fails at boot); queues
 * reserved for the host's drivers (adapter in apmask and domain in aqmask);
 * control domains without any usage domain. Warned about: queues of a
 * definition started by hand (only one of the two can run at a time). A
 * definition whose device is active and already clashes is not reported
 * twice. Control domains may be shared and are not compared.
 */
void ap_check(const char *uuid, const struct ap_matrix *m,
	      const struct ap_host *host, struct ap_msgs *msgs)
{
	struct ap_mask apm, aqm;
	size_t i;
	char *list;

	for (i = 0; i < host->ndevs; i++) {
		const struct ap_dev *d = &host->devs[i];

		if (!strcmp(d->uuid, uuid))
			continue;
		if (d->kind != AP_DEV_ACTIVE &&
		    ap_active_clash(host, d->uuid, m))
			continue;
		list = ap_overlap(m, &d->m);
		if (!list)
			continue;
		switch (d->kind) {
		case AP_DEV_ACTIVE:
			ap_msgs_add(msgs, true,
				    "APQNs %s are in use by the active vfio_ap device %s",
				    list, d->uuid);
			break;
		case AP_DEV_AUTO:
			ap_msgs_add(msgs, true,
				    "APQNs %s are also assigned to %s, defined to start automatically",
				    list, d->uuid);
			break;
		case AP_DEV_MANUAL:
			ap_msgs_add(msgs, false,
				    "APQNs %s are also assigned to %s, defined to start manually: only one of the two can be active at a time",
				    list, d->uuid);
			break;
		}
		free(list);
	}

	if (host->have_masks && ap_mask_and(&apm, &m->apm, &host->apmask) &&
	    ap_mask_and(&aqm, &m->aqm, &host->aqmask)) {
		list = ap_apqn_list(&apm, &aqm);
		ap_msgs_add(msgs, true,
			    "APQNs %s are reserved for host drivers by /sys/bus/ap/apmask and aqmask",
			    list);
		free(list);
	}

	if (!ap_mask_empty(&m->adm) && ap_mask_empty(&m->aqm)) {
		char ids[AP_LIST_MAX * 5 + 32];
		unsigned int id, n = 0;
		size_t len = 0;

		for (id = 0; id < AP_NR_IDS; id++) {
			if (!ap_mask_test(&m->adm, id))
				continue;
			if (n < AP_LIST_MAX)
				len += sprintf(ids + len, "%s%04x", n ? " " : "", id);
			n++;
		}
		if (n > AP_LIST_MAX)
			sprintf(ids + len, " and %u more", n - AP_LIST_MAX);
		ap_msgs_add(msgs, true,
			    "control domains %s are assigned without any usage domain",
			    ids);
	}
}

static void ap_attrs_add(struct json_object *arr, const char *name,
			 const struct ap_mask *mask, int width)
{
	unsigned int id;
	char value[16];

	for (id = 0; id < AP_NR_IDS; id++) {
		struct json_object *o;

		if (!ap_mask_test(mask, id))
			continue;
		o = json_object_new_object();
		snprintf(value, sizeof(value), "0x%0*x", width, id);
		json_object_object_add(o, name, json_object_new_string(value));
		json_object_array_add(arr, o);
	}
}

/**
 * ap_attrs_json() - the mdevctl attribute list that rebuilds a matrix
 * @m:	the matrix
 *
 * assign_adapter, then assign_domain, then assign_control_domain entries,
 * each ID in hex ("0x05", "0x0004").
 *
 * Return: a JSON array text the caller frees.
 */
char *ap_attrs_json(const struct ap_matrix *m)
{
	struct json_object *arr = json_object_new_array();
	char *s;

	if (!arr)
		abort();
	ap_attrs_add(arr, "assign_adapter", &m->apm, 2);
	ap_attrs_add(arr, "assign_domain", &m->aqm, 4);
	ap_attrs_add(arr, "assign_control_domain", &m->adm, 4);
	s = strdup(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN));
	json_object_put(arr);
	if (!s)
		abort();
	return s;
}

static const char * const ap_actions[] = {
	"start", "stop", "define", "undefine", "modify", "attributes",
	"capabilities",
};

static const char * const ap_events[] = { "pre", "post", "get", "live" };

/* The names of @ours that @offered lists (all of them if it is NULL). */
static struct json_object *ap_intersect(struct json_object *offered,
					const char * const *ours, size_t n)
{
	struct json_object *arr = json_object_new_array();
	size_t i, j;

	for (i = 0; i < n; i++) {
		bool found = !offered;

		for (j = 0; offered && j < json_object_array_length(offered); j++) {
			struct json_object *o = json_object_array_get_idx(offered, j);
			const char *s = json_object_get_string(o);

			if (s && !strcmp(s, ours[i]))
				found = true;
		}
		if (found)
			json_object_array_add(arr, json_object_new_string(ours[i]));
	}
	return arr;
}

/**
 * ap_capabilities() - answer mdevctl's capabilities query
 * @provides:	the JSON mdevctl sent: {"provides": {"version": N,
 *		"actions": [...], "events": [...]}}; may be NULL or invalid
 *
 * The answer lists, under "supports", the actions and events both sides
 * know, and mdevctl's version number (1 if it sent none). Without a usable
 * query all of ours are listed.
 *
 * Return: the JSON text, which the caller frees.
 */
char *ap_capabilities(const char *provides)
{
	struct json_object *in = provides ? json_tokener_parse(provides) : NULL;
	struct json_object *p = NULL, *acts = NULL, *evs = NULL, *ver = NULL;
	struct json_object *out, *sup;
	int version = 1;
	char *s;

	if (in && json_object_object_get_ex(in, "provides", &p) &&
	    json_object_is_type(p, json_type_object)) {
		if (json_object_object_get_ex(p, "version", &ver) &&
		    json_object_is_type(ver, json_type_int) &&
		    json_object_get_int(ver) > 0)
			version = json_object_get_int(ver);
		if (!json_object_object_get_ex(p, "actions", &acts) ||
		    !json_object_is_type(acts, json_type_array))
			acts = NULL;
		if (!json_object_object_get_ex(p, "events", &evs) ||
		    !json_object_is_type(evs, json_type_array))
			evs = NULL;
	}

	out = json_object_new_object();
	sup = json_object_new_object();
	json_object_object_add(sup, "version", json_object_new_int(version));
	json_object_object_add(sup, "actions",
			       ap_intersect(acts, ap_actions,
					    ARRAY_SIZE(ap_actions)));
	json_object_object_add(sup, "events",
			       ap_intersect(evs, ap_events,
					    ARRAY_SIZE(ap_events)));
	json_object_object_add(out, "supports", sup);
	s = strdup(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN));
	json_object_put(out);
	json_object_put(in);
	if (!s)
		abort();
	return s;
}
