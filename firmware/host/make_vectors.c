/*
 * make_vectors.c - host program around the firmware's frame encoder (fc_frame.c).
 *
 * Build:  gcc -std=c99 -Wall -Wextra -Werror -O2 -I firmware/fitcoach_sensors \
 *             firmware/fitcoach_sensors/fc_frame.c firmware/host/make_vectors.c -o make_vectors
 *
 * Modes:
 *   make_vectors [--json]   the shared test vectors as JSON (tests/fixtures/frames/vectors.json
 *                           is this output, checked in)
 *   make_vectors --frames   stdin: one frame a line, "cap device seq t channel flags width count
 *                           s1 s2 ...", cap -1 for a large buffer; stdout: the wire bytes as hex,
 *                           or "ERR" when fc_frame_encode returns 0 ("OVERRUN" if it wrote past
 *                           cap, which it must never do)
 *   make_vectors --cobs     stdin: hex bytes a line ("-" for none); stdout: "<cobs hex> <crc16>"
 *   make_vectors --constants  channel and flag numbers as JSON
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fc_frame.h"

#define BIG_CAP 2048u
#define GUARD 16u
#define LINE_MAX_CHARS 16384

typedef struct {
    const char *name;
    const char *note;
    uint16_t device_id;
    uint32_t seq;
    uint32_t t_device_us;
    uint8_t channel;
    uint8_t flags;
    uint8_t width;
    uint8_t count;
    int32_t samples[FC_FRAME_MAX_SAMPLES];
} vector;

static void print_hex(const uint8_t *bytes, size_t n) {
    size_t i;
    for (i = 0; i < n; i++) {
        printf("%02x", bytes[i]);
    }
}

/* A non-zero signed byte for index i (never 0x00 once stored). */
static int32_t nonzero_byte(unsigned i) {
    unsigned v = (i * 7u) % 255u + 1u; /* 1..255 */
    return v > 127u ? (int32_t)v - 256 : (int32_t)v;
}

static size_t encode_vector(const vector *v, uint8_t *out, size_t cap) {
    return fc_frame_encode(out, cap, v->device_id, v->seq, v->t_device_us, v->channel, v->flags,
                           v->width, v->samples, v->count);
}

static void print_vector(const vector *v, int last) {
    uint8_t out[BIG_CAP];
    size_t n = encode_vector(v, out, sizeof out);
    unsigned i;
    if (n == 0u) {
        fprintf(stderr, "vector %s did not encode\n", v->name);
        exit(1);
    }
    printf("    {\n");
    printf("      \"name\": \"%s\",\n", v->name);
    printf("      \"note\": \"%s\",\n", v->note);
    printf("      \"device_id\": %u,\n", (unsigned)v->device_id);
    printf("      \"seq\": %lu,\n", (unsigned long)v->seq);
    printf("      \"t_device_us\": %lu,\n", (unsigned long)v->t_device_us);
    printf("      \"channel\": %u,\n", (unsigned)v->channel);
    printf("      \"flags\": %u,\n", (unsigned)v->flags);
    printf("      \"sample_width\": %u,\n", (unsigned)v->width);
    printf("      \"samples\": [");
    for (i = 0; i < v->count; i++) {
        printf("%s%ld", i ? ", " : "", (long)v->samples[i]);
    }
    printf("],\n");
    printf("      \"wire_hex\": \"");
    print_hex(out, n);
    printf("\"\n    }%s\n", last ? "" : ",");
}

static int mode_json(void) {
    static vector v[12];
    size_t nv = 0;
    unsigned i;
    uint8_t out[BIG_CAP];
    /* A QRS as the reference board reads it (A0 on the 5 V AVcc reference): 0 mV is about
     * 338 counts and 1 mV about 225, so the R wave here is about 1.2 mV. */
    static const int32_t ecg[25] = {338, 340, 342, 348, 356, 364, 386, 441, 524, 606, 595,
                                    474, 342, 293, 315, 331, 334, 336, 337, 340, 345, 353,
                                    359, 353, 345};
    static const int32_t ppg[10] = {101234, 101480, 101902, 102377, 102811,
                                    103004, 102860, 102411, 101977, 101590};
    static const int32_t zeros32[6] = {0, 256, 65536, 16777216, -256, -65536};
    static const int32_t i16[6] = {32767, -32768, 0, -1, 1, 256};
    static const int32_t i32[6] = {2147483647L, -2147483647L - 1, 0, -1, 1, 16777215L};

    memset(v, 0, sizeof v);

    v[nv].name = "status_boot_empty";
    v[nv].note = "zero samples: a STATUS frame with CLOCK_RESET and no event codes";
    v[nv].device_id = 1;
    v[nv].seq = 0;
    v[nv].t_device_us = 0;
    v[nv].channel = FC_CH_STATUS;
    v[nv].flags = FC_FLAG_CLOCK_RESET;
    v[nv].width = 2;
    v[nv].count = 0;
    nv++;

    v[nv].name = "status_boot_events";
    v[nv].note = "the sketch's boot frame: event BOOT (1) and the reset cause bits";
    v[nv].device_id = 1;
    v[nv].seq = 0;
    v[nv].t_device_us = 1032;
    v[nv].channel = FC_CH_STATUS;
    v[nv].flags = FC_FLAG_CLOCK_RESET;
    v[nv].width = 2;
    v[nv].count = 2;
    v[nv].samples[0] = 1;
    v[nv].samples[1] = 2;
    nv++;

    v[nv].name = "ecg_25";
    v[nv].note = "25 ECG samples, 10-bit ADC counts, 2 bytes each";
    v[nv].device_id = 1;
    v[nv].seq = 41;
    v[nv].t_device_us = 4100000UL;
    v[nv].channel = FC_CH_ECG;
    v[nv].flags = FC_FLAG_NONE;
    v[nv].width = 2;
    v[nv].count = 25;
    memcpy(v[nv].samples, ecg, sizeof ecg);
    nv++;

    v[nv].name = "ecg_lead_off_saturated";
    v[nv].note = "LEAD_OFF and SATURATED flags, the AD8232's rails on a 5 V ADC: 20 and 655";
    v[nv].device_id = 1;
    v[nv].seq = 42;
    v[nv].t_device_us = 4200000UL;
    v[nv].channel = FC_CH_ECG;
    v[nv].flags = FC_FLAG_LEAD_OFF | FC_FLAG_SATURATED;
    v[nv].width = 2;
    v[nv].count = 25;
    for (i = 0; i < 25u; i++) {
        v[nv].samples[i] = (i % 2u) ? 655 : 20; /* the sketch's ECG_RAIL_HIGH / _LOW */
    }
    nv++;

    v[nv].name = "ppg_ir_10";
    v[nv].note = "10 PPG IR samples, 18-bit counts, 4 bytes each";
    v[nv].device_id = 1;
    v[nv].seq = 7;
    v[nv].t_device_us = 4095000UL;
    v[nv].channel = FC_CH_PPG_IR;
    v[nv].flags = FC_FLAG_NONE;
    v[nv].width = 4;
    v[nv].count = 10;
    memcpy(v[nv].samples, ppg, sizeof ppg);
    nv++;

    v[nv].name = "co2_4";
    v[nv].note = "4 CO2 samples in 0.1 mmHg (a capnogram upstroke)";
    v[nv].device_id = 1;
    v[nv].seq = 3;
    v[nv].t_device_us = 4000000UL;
    v[nv].channel = FC_CH_CO2;
    v[nv].flags = FC_FLAG_NONE;
    v[nv].width = 2;
    v[nv].count = 4;
    v[nv].samples[0] = 3;
    v[nv].samples[1] = 120;
    v[nv].samples[2] = 310;
    v[nv].samples[3] = 372;
    nv++;

    v[nv].name = "width1_255";
    v[nv].note = "255 one-byte samples: -128..125 and 127 (int8 limits, one zero byte)";
    v[nv].device_id = 0x1234;
    v[nv].seq = 0xFFFFFFFFUL;
    v[nv].t_device_us = 0xFFFFFFFFUL;
    v[nv].channel = FC_CH_STATUS;
    v[nv].flags = 0xFF;
    v[nv].width = 1;
    v[nv].count = 255;
    for (i = 0; i < 255u; i++) {
        v[nv].samples[i] = (i == 254u) ? 127 : (int32_t)i - 128;
    }
    nv++;

    v[nv].name = "zero_bytes_in_samples";
    v[nv].note = "4-byte samples whose bytes are mostly 0x00 (COBS must escape them)";
    v[nv].device_id = 0;
    v[nv].seq = 0;
    v[nv].t_device_us = 0;
    v[nv].channel = FC_CH_PPG_RED;
    v[nv].flags = 0;
    v[nv].width = 4;
    v[nv].count = 6;
    memcpy(v[nv].samples, zeros32, sizeof zeros32);
    nv++;

    v[nv].name = "int16_limits";
    v[nv].note = "max/min int16";
    v[nv].device_id = 65535;
    v[nv].seq = 65536;
    v[nv].t_device_us = 16777216UL;
    v[nv].channel = FC_CH_CO2;
    v[nv].flags = FC_FLAG_SATURATED;
    v[nv].width = 2;
    v[nv].count = 6;
    memcpy(v[nv].samples, i16, sizeof i16);
    nv++;

    v[nv].name = "int32_limits";
    v[nv].note = "max/min int32";
    v[nv].device_id = 2;
    v[nv].seq = 2147483648UL;
    v[nv].t_device_us = 4294967295UL;
    v[nv].channel = FC_CH_CO2_AMBIENT;
    v[nv].flags = 0;
    v[nv].width = 4;
    v[nv].count = 6;
    memcpy(v[nv].samples, i32, sizeof i32);
    nv++;

    /* A frame of exactly 254 bytes without any 0x00: COBS emits one full 0xFF block and, as
     * in the Python package, no trailing 0x01. The header bytes are all non-zero; seq is the
     * first value from 0x04030201 whose CRC has no zero byte either. */
    v[nv].name = "run254_exact";
    v[nv].note = "a 254-byte frame without zero bytes: one full COBS block ends the frame";
    v[nv].device_id = 0x0201;
    v[nv].seq = 0x04030201UL;
    v[nv].t_device_us = 0x14131211UL;
    v[nv].channel = FC_CH_ECG;
    v[nv].flags = 0x0F;
    v[nv].width = 1;
    v[nv].count = 237; /* 15 + 237 + 2 = 254 */
    for (i = 0; i < 237u; i++) {
        v[nv].samples[i] = nonzero_byte(i);
    }
    for (i = 0;; i++) {
        size_t n = encode_vector(&v[nv], out, sizeof out);
        if (n == 256u && out[0] == 0xFFu) {
            break; /* 0xFF + 254 data bytes + delimiter: no zero anywhere in the frame */
        }
        if (i == 1000u) {
            fprintf(stderr, "run254_exact: no zero-free frame found (is COBS right?)\n");
            return 1;
        }
        v[nv].seq++;
    }
    nv++;

    v[nv].name = "run254_then_zero";
    v[nv].note = "254 non-zero bytes, then a 0x00 sample, then more bytes";
    v[nv].device_id = 0x0201;
    v[nv].seq = 0x04030201UL;
    v[nv].t_device_us = 0x14131211UL;
    v[nv].channel = FC_CH_ECG;
    v[nv].flags = 0x0F;
    v[nv].width = 1;
    v[nv].count = 245;
    for (i = 0; i < 245u; i++) {
        v[nv].samples[i] = (i == 239u) ? 0 : nonzero_byte(i); /* frame byte 15 + 239 = 254 */
    }
    nv++;

    printf("{\n");
    printf("  \"format_version\": %u,\n", (unsigned)FC_FRAME_VERSION);
    printf("  \"generator\": \"firmware/host/make_vectors.c (fc_frame.c)\",\n");
    printf("  \"vectors\": [\n");
    for (i = 0; i < nv; i++) {
        print_vector(&v[i], i + 1u == nv);
    }
    printf("  ]\n}\n");
    return 0;
}

static int parse_long(char **cursor, long long *value) {
    char *end;
    errno = 0;
    *value = strtoll(*cursor, &end, 0);
    if (end == *cursor || errno != 0) {
        return 0;
    }
    *cursor = end;
    return 1;
}

static int mode_frames(void) {
    static char line[LINE_MAX_CHARS];
    static uint8_t buffer[BIG_CAP + GUARD];
    static int32_t samples[FC_FRAME_MAX_SAMPLES];
    while (fgets(line, sizeof line, stdin) != NULL) {
        char *cursor = line;
        long long cap, dev, seq, t, ch, flags, width, count, s;
        size_t cap_bytes, n, i;
        int overrun = 0;
        if (!parse_long(&cursor, &cap) || !parse_long(&cursor, &dev) ||
            !parse_long(&cursor, &seq) || !parse_long(&cursor, &t) ||
            !parse_long(&cursor, &ch) || !parse_long(&cursor, &flags) ||
            !parse_long(&cursor, &width) || !parse_long(&cursor, &count) || count < 0 ||
            count > (long long)FC_FRAME_MAX_SAMPLES || cap > (long long)BIG_CAP) {
            fprintf(stderr, "bad line: %s", line);
            return 2;
        }
        for (i = 0; i < (size_t)count; i++) {
            if (!parse_long(&cursor, &s)) {
                fprintf(stderr, "missing sample %u: %s", (unsigned)i, line);
                return 2;
            }
            samples[i] = (int32_t)s;
        }
        cap_bytes = cap < 0 ? BIG_CAP : (size_t)cap;
        memset(buffer, 0xA5, sizeof buffer);
        n = fc_frame_encode(buffer, cap_bytes, (uint16_t)dev, (uint32_t)seq, (uint32_t)t,
                            (uint8_t)ch, (uint8_t)flags, (uint8_t)width, samples, (uint8_t)count);
        for (i = cap_bytes; i < sizeof buffer; i++) {
            if (buffer[i] != 0xA5u) {
                overrun = 1;
            }
        }
        if (overrun) {
            printf("OVERRUN\n");
        } else if (n == 0u) {
            printf("ERR\n");
        } else {
            print_hex(buffer, n);
            printf("\n");
        }
    }
    return 0;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static int mode_cobs(void) {
    static char line[LINE_MAX_CHARS];
    static uint8_t in[LINE_MAX_CHARS / 2];
    static uint8_t out[LINE_MAX_CHARS];
    while (fgets(line, sizeof line, stdin) != NULL) {
        size_t len = strcspn(line, "\r\n");
        size_t n = 0, i, encoded;
        if (!(len == 1 && line[0] == '-')) {
            if (len % 2u != 0u) {
                fprintf(stderr, "odd hex length\n");
                return 2;
            }
            for (i = 0; i < len; i += 2) {
                int hi = hex_value(line[i]), lo = hex_value(line[i + 1]);
                if (hi < 0 || lo < 0) {
                    fprintf(stderr, "bad hex\n");
                    return 2;
                }
                in[n++] = (uint8_t)(hi * 16 + lo);
            }
        }
        encoded = fc_cobs_encode(out, sizeof out, in, n);
        if (encoded == 0u) {
            printf("ERR");
        } else {
            print_hex(out, encoded);
        }
        printf(" %04x\n", (unsigned)fc_crc16(in, n));
    }
    return 0;
}

static int mode_constants(void) {
    printf("{\"version\": %u, \"header_size\": %u, \"max_samples\": %u,\n", FC_FRAME_VERSION,
           FC_FRAME_HEADER_SIZE, FC_FRAME_MAX_SAMPLES);
    printf(" \"channels\": {\"ECG\": %u, \"PPG_RED\": %u, \"PPG_IR\": %u, \"CO2\": %u, "
           "\"CO2_AMBIENT\": %u, \"STATUS\": %u},\n",
           FC_CH_ECG, FC_CH_PPG_RED, FC_CH_PPG_IR, FC_CH_CO2, FC_CH_CO2_AMBIENT, FC_CH_STATUS);
    printf(" \"flags\": {\"NONE\": %u, \"LEAD_OFF\": %u, \"SATURATED\": %u, \"FINGER_OFF\": %u, "
           "\"CLOCK_RESET\": %u},\n",
           FC_FLAG_NONE, FC_FLAG_LEAD_OFF, FC_FLAG_SATURATED, FC_FLAG_FINGER_OFF,
           FC_FLAG_CLOCK_RESET);
    printf(" \"encoded_max\": {\"ecg_25x2\": %u, \"ppg_10x4\": %u, \"co2_4x2\": %u, "
           "\"max_255x4\": %u}}\n",
           (unsigned)FC_FRAME_ENCODED_MAX(2, 25), (unsigned)FC_FRAME_ENCODED_MAX(4, 10),
           (unsigned)FC_FRAME_ENCODED_MAX(2, 4), (unsigned)FC_FRAME_ENCODED_MAX(4, 255));
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--json") == 0) {
        return mode_json();
    }
    if (strcmp(argv[1], "--frames") == 0) {
        return mode_frames();
    }
    if (strcmp(argv[1], "--cobs") == 0) {
        return mode_cobs();
    }
    if (strcmp(argv[1], "--constants") == 0) {
        return mode_constants();
    }
    fprintf(stderr, "usage: %s [--json | --frames | --cobs | --constants]\n", argv[0]);
    return 2;
}
