/*
 * fc_frame.c - fitcoach sensor frame encoder (format version 1). See fc_frame.h.
 *
 * Plain C99: compiled by avr-gcc inside the Arduino sketch and by gcc in the host tests.
 */
#include "fc_frame.h"

/* Streaming COBS writer: bytes go straight from the caller to `out`, so a frame needs no
 * second buffer for its unencoded bytes. */
typedef struct {
    uint8_t *out;
    size_t cap;
    size_t pos;      /* next free byte of out */
    size_t code_at;  /* where the current block's code byte goes */
    uint8_t code;    /* 1 + number of data bytes in the current block */
    uint8_t pending; /* a full 0xFF block was closed; the next block is not yet opened */
    uint8_t failed;  /* out_cap was too small */
} cobs_writer;

static void cobs_begin(cobs_writer *w, uint8_t *out, size_t cap) {
    w->out = out;
    w->cap = cap;
    w->code_at = 0;
    w->pos = 1;
    w->code = 1;
    w->pending = 0;
    w->failed = (uint8_t)(cap < 1u);
}

static void cobs_open_block(cobs_writer *w) {
    if (w->pos >= w->cap) {
        w->failed = 1;
        return;
    }
    w->code_at = w->pos++;
    w->code = 1;
    w->pending = 0;
}

static void cobs_put(cobs_writer *w, uint8_t byte) {
    if (w->failed) {
        return;
    }
    if (w->pending) {
        cobs_open_block(w);
        if (w->failed) {
            return;
        }
    }
    if (byte == 0u) {
        w->out[w->code_at] = w->code;
        cobs_open_block(w);
        return;
    }
    if (w->pos >= w->cap) {
        w->failed = 1;
        return;
    }
    w->out[w->pos++] = byte;
    w->code++;
    if (w->code == 0xFFu) {
        /* 254 data bytes: close the block, but open the next one only if more bytes come. */
        w->out[w->code_at] = 0xFFu;
        w->pending = 1;
    }
}

/* Returns the encoded length, or 0 on failure. */
static size_t cobs_end(cobs_writer *w) {
    if (w->failed) {
        return 0;
    }
    if (!w->pending) {
        w->out[w->code_at] = w->code;
    }
    return w->pos;
}

static uint16_t crc16_update(uint16_t crc, uint8_t byte) {
    uint8_t bit;
    crc ^= (uint16_t)((uint16_t)byte << 8);
    for (bit = 0; bit < 8u; bit++) {
        if (crc & 0x8000u) {
            crc = (uint16_t)((uint16_t)(crc << 1) ^ 0x1021u);
        } else {
            crc = (uint16_t)(crc << 1);
        }
    }
    return crc;
}

uint16_t fc_crc16(const uint8_t *data, size_t n) {
    uint16_t crc = 0xFFFFu;
    size_t i;
    if (data == NULL) {
        return crc;
    }
    for (i = 0; i < n; i++) {
        crc = crc16_update(crc, data[i]);
    }
    return crc;
}

size_t fc_cobs_encode(uint8_t *out, size_t out_cap, const uint8_t *in, size_t n) {
    cobs_writer w;
    size_t i;
    if (out == NULL || (in == NULL && n > 0u)) {
        return 0;
    }
    cobs_begin(&w, out, out_cap);
    for (i = 0; i < n; i++) {
        cobs_put(&w, in[i]);
    }
    return cobs_end(&w);
}

/* Feeds a frame byte to the CRC and to the COBS writer. */
typedef struct {
    cobs_writer cobs;
    uint16_t crc;
} frame_writer;

static void frame_put(frame_writer *f, uint8_t byte) {
    f->crc = crc16_update(f->crc, byte);
    cobs_put(&f->cobs, byte);
}

/* Little-endian, `width` bytes of `value` (two's complement for negative samples). */
static void frame_put_le(frame_writer *f, uint32_t value, uint8_t width) {
    uint8_t i;
    for (i = 0; i < width; i++) {
        frame_put(f, (uint8_t)(value & 0xFFu));
        value >>= 8;
    }
}

static int sample_fits(int32_t sample, uint8_t width) {
    switch (width) {
    case 1:
        return sample >= -128 && sample <= 127;
    case 2:
        return sample >= -32768L && sample <= 32767L;
    case 4:
        return 1;
    default:
        return 0;
    }
}

size_t fc_frame_encode(uint8_t *out, size_t out_cap, uint16_t device_id, uint32_t seq,
                       uint32_t t_device_us, uint8_t channel, uint8_t flags, uint8_t sample_width,
                       const int32_t *samples, uint8_t count) {
    frame_writer f;
    uint8_t i;
    uint16_t crc;
    size_t n;

    if (out == NULL || (samples == NULL && count > 0u)) {
        return 0;
    }
    if (sample_width != 1u && sample_width != 2u && sample_width != 4u) {
        return 0;
    }
    for (i = 0; i < count; i++) {
        if (!sample_fits(samples[i], sample_width)) {
            return 0;
        }
    }

    f.crc = 0xFFFFu;
    cobs_begin(&f.cobs, out, out_cap);
    frame_put(&f, (uint8_t)FC_FRAME_VERSION);
    frame_put_le(&f, device_id, 2);
    frame_put_le(&f, seq, 4);
    frame_put_le(&f, t_device_us, 4);
    frame_put(&f, channel);
    frame_put(&f, flags);
    frame_put(&f, sample_width);
    frame_put(&f, count);
    for (i = 0; i < count; i++) {
        frame_put_le(&f, (uint32_t)samples[i], sample_width);
    }
    crc = f.crc; /* over the header and samples only */
    cobs_put(&f.cobs, (uint8_t)(crc & 0xFFu));
    cobs_put(&f.cobs, (uint8_t)(crc >> 8));

    n = cobs_end(&f.cobs);
    if (n == 0u || n >= out_cap) {
        return 0; /* no room for the frame, or for its 0x00 delimiter */
    }
    out[n] = 0x00u;
    return n + 1u;
}
