/*
 * xlu-dump: ask Xen's own config parser (libxlutil, Debian's libxen-dev 4.17) what it makes of a
 * guest config, so XenDeck's TypeScript parser can be checked against the real thing.
 *
 *   xlu-dump [--source NAME] FILE
 *       ok:   {"ok":true,"values":{"key":value,...}} on stdout, exit 0
 *       fail: libxlutil's own error lines on stderr, {"ok":false} on stdout, exit 1
 *   xlu-dump --batch [--source NAME]
 *       stdin: frames "<byte length>\n<bytes>"; stdout: one JSON line per frame
 *       {"ok":...,"values":{...},"lines":{key:line,...},"report":"<what libxlutil printed>"}
 *   xlu-dump --disk SPEC...
 *       xlu_disk_parse(SPECs as one disk) -> {"ok":true,"target":...,"vdev":...,"format":...,
 *       "readwrite":0|1,"is_cdrom":0|1} or {"ok":false} with libxlutil's message on stderr
 *   xlu-dump --disk-batch
 *       stdin: one spec a line; stdout: one JSON line per spec (plus "report")
 *
 * The file is read into memory and parsed with xlu_cfg_readdata, as `xl create` does.
 * Values are exactly as libxlutil stores them: strings, or (nested) lists of strings; keys appear
 * in the file order of their effective (last) assignment.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

/*
 * libxlutil has no public API to enumerate settings. These declarations mirror Xen 4.17's
 * tools/libs/util/libxlu_internal.h (struct XLU_Config, XLU_ConfigSetting, XLU_ConfigValue,
 * XLU_ConfigList). The harness self-test (test/unit/cfg/xlu-harness.test.ts) checks the layout
 * against the installed library: a wrong layout shows up as wrong values or a crash.
 */
struct XLU_ConfigList {
    int avalues;
    int nvalues;
    XLU_ConfigValue **values;
};

typedef struct {
    int first_line;
    int first_column;
    int last_line;
    int last_column;
} Mirror_YYLTYPE;

struct XLU_ConfigValue {
    enum XLU_ConfigValueType type;
    union {
        char *string;
        XLU_ConfigList list;
    } u;
    Mirror_YYLTYPE loc;
};

typedef struct Mirror_ConfigSetting {
    struct Mirror_ConfigSetting *next;
    char *name;
    XLU_ConfigValue *value;
    enum XLU_Operation op;
    int lineno;
} Mirror_ConfigSetting;

struct XLU_Config {
    Mirror_ConfigSetting *settings;
    FILE *report;
    char *config_source;
};

static void json_string(FILE *out, const char *s, size_t len) {
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20 || c == 0x7f) fprintf(out, "\\u%04x", c);
            else fputc(c, out);
        }
    }
    fputc('"', out);
}

static void json_cstr(FILE *out, const char *s) {
    if (!s) { fputs("null", out); return; }
    json_string(out, s, strlen(s));
}

static void dump_value(FILE *out, const XLU_ConfigValue *v) {
    if (v->type == XLU_STRING) {
        json_cstr(out, v->u.string);
        return;
    }
    fputc('[', out);
    for (int i = 0; i < v->u.list.nvalues; i++) {
        if (i) fputc(',', out);
        dump_value(out, v->u.list.values[i]);
    }
    fputc(']', out);
}

static void dump_values(FILE *out, const XLU_Config *cfg, int with_lines) {
    size_t n = 0;
    for (const Mirror_ConfigSetting *s = cfg->settings; s; s = s->next) n++;
    const Mirror_ConfigSetting **arr = calloc(n ? n : 1, sizeof(*arr));
    if (!arr) { perror("xlu-dump"); exit(2); }
    size_t i = n;
    /* The list is newest first; walk it into file order. */
    for (const Mirror_ConfigSetting *s = cfg->settings; s; s = s->next) arr[--i] = s;
    fputs("\"values\":{", out);
    int first = 1;
    for (i = 0; i < n; i++) {
        const Mirror_ConfigSetting *s = arr[i];
        /* Effective = the newest setting of that name, i.e. the first in libxlutil's list. */
        const Mirror_ConfigSetting *eff = cfg->settings;
        while (strcmp(eff->name, s->name)) eff = eff->next;
        if (eff != s) continue;
        if (!first) fputc(',', out);
        first = 0;
        json_cstr(out, s->name);
        fputc(':', out);
        dump_value(out, s->value);
    }
    fputc('}', out);
    if (with_lines) {
        /* libxlutil's line of each effective setting (the line its value starts on). */
        fputs(",\"lines\":{", out);
        first = 1;
        for (i = 0; i < n; i++) {
            const Mirror_ConfigSetting *s = arr[i];
            const Mirror_ConfigSetting *eff = cfg->settings;
            while (strcmp(eff->name, s->name)) eff = eff->next;
            if (eff != s) continue;
            if (!first) fputc(',', out);
            first = 0;
            json_cstr(out, s->name);
            fprintf(out, ":%d", s->lineno);
        }
        fputc('}', out);
    }
    free(arr);
}

/* Parse one buffer; print the JSON object (without newline). Returns 0 when it parsed. */
static int parse_one(FILE *out, FILE *report, const char *source, const char *data, int len,
                     int with_lines) {
    XLU_Config *cfg = xlu_cfg_init(report, source);
    if (!cfg) { perror("xlu-dump: xlu_cfg_init"); exit(2); }
    int e = xlu_cfg_readdata(cfg, data, len);
    fflush(report);
    if (e) {
        fputs("{\"ok\":false", out);
    } else {
        fputs("{\"ok\":true,", out);
        dump_values(out, cfg, with_lines);
    }
    xlu_cfg_destroy(cfg);
    return e ? 1 : 0;
}

static char *read_all(FILE *f, size_t *len_r) {
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    if (!buf) return NULL;
    for (;;) {
        if (len == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) { free(buf); return NULL; }
            buf = nb;
        }
        size_t r = fread(buf + len, 1, cap - len, f);
        len += r;
        if (r == 0) break;
    }
    if (ferror(f)) { free(buf); return NULL; }
    *len_r = len;
    return buf;
}

static int mode_file(const char *source, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: unable to open configuration file: %s\n", path, strerror(errno));
        puts("{\"ok\":false}");
        return 1;
    }
    size_t len;
    char *data = read_all(f, &len);
    fclose(f);
    if (!data) { perror("xlu-dump: read"); return 2; }
    int r = parse_one(stdout, stderr, source ? source : path, data, (int)len, 0);
    fputs("}\n", stdout);
    free(data);
    return r;
}

static int mode_batch(const char *source) {
    char header[64];
    while (fgets(header, sizeof(header), stdin)) {
        char *ep;
        long len = strtol(header, &ep, 10);
        if (len < 0 || *ep != '\n') { fputs("xlu-dump: bad frame header\n", stderr); return 2; }
        char *data = malloc(len ? (size_t)len : 1);
        if (!data) return 2;
        if (len && fread(data, 1, (size_t)len, stdin) != (size_t)len) {
            fputs("xlu-dump: short frame\n", stderr);
            return 2;
        }
        char *rep = NULL;
        size_t replen = 0;
        FILE *report = open_memstream(&rep, &replen);
        if (!report) return 2;
        parse_one(stdout, report, source ? source : "cfg", data, (int)len, 1);
        fclose(report);
        fputs(",\"report\":", stdout);
        json_string(stdout, rep, replen);
        fputs("}\n", stdout);
        fflush(stdout);
        free(rep);
        free(data);
    }
    return 0;
}

static int disk_one(FILE *out, FILE *report, int nspecs, const char *const *specs) {
    XLU_Config *cfg = xlu_cfg_init(report, "xlu-dump");
    if (!cfg) return 2;
    libxl_device_disk disk;
    libxl_device_disk_init(&disk);
    int e = xlu_disk_parse(cfg, nspecs, specs, &disk);
    fflush(report);
    if (e) {
        fputs("{\"ok\":false", out);
    } else {
        fputs("{\"ok\":true,\"target\":", out);
        json_cstr(out, disk.pdev_path);
        fputs(",\"vdev\":", out);
        json_cstr(out, disk.vdev);
        fputs(",\"format\":", out);
        json_cstr(out, libxl_disk_format_to_string(disk.format));
        fputs(",\"backend\":", out);
        json_cstr(out, libxl_disk_backend_to_string(disk.backend));
        fputs(",\"script\":", out);
        json_cstr(out, disk.script);
        fprintf(out, ",\"readwrite\":%d,\"is_cdrom\":%d", disk.readwrite, disk.is_cdrom);
    }
    libxl_device_disk_dispose(&disk);
    xlu_cfg_destroy(cfg);
    return e ? 1 : 0;
}

static int mode_disk_batch(void) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) >= 0) {
        if (n > 0 && line[n - 1] == '\n') line[--n] = 0;
        char *rep = NULL;
        size_t replen = 0;
        FILE *report = open_memstream(&rep, &replen);
        if (!report) return 2;
        const char *specs[1] = { line };
        disk_one(stdout, report, 1, specs);
        fclose(report);
        fputs(",\"report\":", stdout);
        json_string(stdout, rep, replen);
        fputs("}\n", stdout);
        fflush(stdout);
        free(rep);
    }
    free(line);
    return 0;
}

static void usage(FILE *f) {
    fputs("usage: xlu-dump [--source NAME] FILE\n"
          "       xlu-dump --batch [--source NAME]   (stdin: \"<len>\\n<bytes>\" frames)\n"
          "       xlu-dump --disk SPEC...\n"
          "       xlu-dump --disk-batch              (stdin: one disk spec a line)\n", f);
}

int main(int argc, char **argv) {
    const char *source = NULL;
    int batch = 0;
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--source") && i + 1 < argc) {
            source = argv[++i];
        } else if (!strcmp(argv[i], "--batch")) {
            batch = 1;
        } else if (!strcmp(argv[i], "--disk")) {
            if (i + 1 >= argc) { usage(stderr); return 2; }
            int r = disk_one(stdout, stderr, argc - i - 1, (const char *const *)argv + i + 1);
            fputs("}\n", stdout);
            return r;
        } else if (!strcmp(argv[i], "--disk-batch")) {
            return mode_disk_batch();
        } else if (!strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else {
            break;
        }
    }
    if (batch) return mode_batch(source);
    if (i != argc - 1) { usage(stderr); return 2; }
    return mode_file(source, argv[i]);
}
