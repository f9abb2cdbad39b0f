/*
 * fc_frame.h - fitcoach sensor frame encoder, frame format version 1.
 *
 * Plain C99, no Arduino headers: the sketch uses it on the ATmega328P and the tests compile
 * it on the host (gcc) and compare its bytes with src/fitcoach/sensors/frames.py.
 *
 * A frame before framing is little-endian:
 *
 *   offset size field
 *   0      1    version        (1)
 *   1      2    device_id      (u16)
 *   3      4    seq            (u32, per device and channel, +1 per frame, wraps)
 *   7      4    t_device_us    (u32, device clock at the first sample, wraps)
 *   11     1    channel        (u8, FC_CH_*)
 *   12     1    flags          (u8, FC_FLAG_*)
 *   13     1    sample_width   (1, 2 or 4 bytes per sample, signed)
 *   14     1    count          (u8, number of samples, 0-255)
 *   15     n    samples        (count * sample_width bytes, signed little-endian)
 *   15+n   2    crc            (CRC-16/CCITT-FALSE over bytes 0..15+n-1, little-endian)
 *
 * The whole is COBS-encoded and followed by one 0x00 delimiter.
 *
 * No malloc, no static state: the encoder streams the header, samples and CRC straight into
 * the caller's output buffer, so the only RAM a frame needs is that buffer
 * (FC_FRAME_ENCODED_MAX(width, count) bytes; 69 for 25 ECG samples of 2 bytes).
 */
#ifndef FC_FRAME_H
#define FC_FRAME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FC_FRAME_VERSION 1u
#define FC_FRAME_HEADER_SIZE 15u
#define FC_FRAME_CRC_SIZE 2u
#define FC_FRAME_MAX_SAMPLES 255u

/* Bytes of a frame before COBS (header + samples + CRC). */
#define FC_FRAME_RAW_SIZE(width, count) \
    (FC_FRAME_HEADER_SIZE + (size_t)(width) * (size_t)(count) + FC_FRAME_CRC_SIZE)
/* Worst case on the wire: COBS adds one byte per 254 plus one, then the 0x00 delimiter. */
#define FC_COBS_MAX(n) ((size_t)(n) + (size_t)(n) / 254u + 1u)
#define FC_FRAME_ENCODED_MAX(width, count) (FC_COBS_MAX(FC_FRAME_RAW_SIZE(width, count)) + 1u)

/* Channels: the same numbers as fitcoach.sensors.frames.Channel. */
#define FC_CH_ECG 1u         /* AD8232, 10-bit ADC counts, 250 Hz */
#define FC_CH_PPG_RED 2u     /* MAX30102 red LED, 18-bit counts, 100 Hz */
#define FC_CH_PPG_IR 3u      /* MAX30102 infrared LED, 18-bit counts, 100 Hz */
#define FC_CH_CO2 4u         /* fast CO2, 0.1 mmHg units, 20 Hz */
#define FC_CH_CO2_AMBIENT 5u /* slow ambient CO2, ppm, about 0.2 Hz */
#define FC_CH_STATUS 6u      /* device status: samples are event codes */

/* Flags: the same bits as fitcoach.sensors.frames.Flag. */
#define FC_FLAG_NONE 0u
#define FC_FLAG_LEAD_OFF 1u    /* ECG electrodes not in contact (AD8232 LO+/LO-) */
#define FC_FLAG_SATURATED 2u   /* a sample at its source's output rail in this frame */
#define FC_FLAG_FINGER_OFF 4u  /* the oximeter sees no finger */
#define FC_FLAG_CLOCK_RESET 8u /* the device restarted: sequence and clock begin again */

/* CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no final XOR.
 * fc_crc16("123456789", 9) == 0x29B1. */
uint16_t fc_crc16(const uint8_t *data, size_t n);

/* COBS-encode n bytes of `in` into `out` (Cheshire & Baker 1999; a run of 254 non-zero bytes
 * that ends the input gets no trailing 0x01 block, as in the Python `cobs` package).
 * Does not append the 0x00 delimiter. Returns the encoded length (at least 1), or 0 when
 * out_cap is too small or a pointer is NULL. `in` and `out` must not overlap. */
size_t fc_cobs_encode(uint8_t *out, size_t out_cap, const uint8_t *in, size_t n);

/* Encode one frame onto `out`: header, samples, CRC, COBS, trailing 0x00.
 * sample_width is 1, 2 or 4; every sample must fit in sample_width signed bytes.
 * Returns the number of bytes written including the delimiter, or 0 when out_cap is too
 * small or an argument is invalid (then the contents of `out` are unspecified). */
size_t fc_frame_encode(uint8_t *out, size_t out_cap, uint16_t device_id, uint32_t seq,
                       uint32_t t_device_us, uint8_t channel, uint8_t flags, uint8_t sample_width,
                       const int32_t *samples, uint8_t count);

#ifdef __cplusplus
}
#endif

#endif /* FC_FRAME_H */
