/*
 * fitcoach_sensors.ino - fitcoach sensor board for an Arduino UNO (ATmega328P, 16 MHz).
 *
 *   ECG   AD8232 OUTPUT -> A0, LO+ -> D10, LO- -> D11        250 Hz, frames of 25 samples
 *   PPG   MAX30102 on I2C (SDA A4, SCL A5), red + IR         100 Hz, frames of 10 per channel
 *   CO2   fast NDIR sensor (SprintIR-6S / ExplorIR class)    20 Hz, frames of 4 samples
 *         on SoftwareSerial (sensor TX -> D8, sensor RX <- D9), 9600 8N1, "Z #####" lines
 *   CO2_AMBIENT (optional) Sensirion SCD4x on the same I2C bus, every 5 s
 *
 * Everything leaves on the USB serial port at 115200 baud as frames of the fitcoach frame
 * format v1 (fc_frame.h; src/fitcoach/sensors/frames.py on the host). See docs/hardware.md.
 *
 * Board core: Arduino AVR core >= 1.8.3 (for Wire.setWireTimeout). No third-party library:
 * the MAX30102 needs a dozen register writes and one FIFO read, written out below from the
 * datasheet (Maxim 19-7740), which keeps the RAM use known and the timestamps under our
 * control (SparkFun's MAX3010x library would add its own 32-sample buffers and its own
 * polling); the SCD4x needs three commands.
 *
 * Timing: Timer1 runs in CTC mode at 250 Hz and its compare-match B event starts each ADC
 * conversion in hardware (auto-trigger), so the ECG sample instants do not depend on what
 * the loop or SoftwareSerial are doing; the ADC-complete interrupt stores the sample into one
 * of two 25-sample blocks, and loop() sends completed blocks. Timer1 is therefore not
 * available to other code (no Servo library, no analogWrite on D9/D10).
 */
#include <Arduino.h>
#include <SoftwareSerial.h>
#include <Wire.h>
#include <avr/interrupt.h>
#include <avr/io.h>

#include "fc_frame.h"

/* ------------------------------------------------------------------ configuration */

/* Build options: edit here or override with -D, e.g. arduino-cli compile --build-property
 * "compiler.cpp.extra_flags=-DFC_HAVE_SCD4X=1" ... */
#ifndef FC_DEVICE_ID
#define FC_DEVICE_ID 1u           /* one id per board; the host keys sequences by it */
#endif
#ifndef FC_HAVE_SCD4X
#define FC_HAVE_SCD4X 0           /* 1: an SCD40/SCD41 on I2C reports ambient CO2 */
#endif
#define FC_SERIAL_BAUD 115200UL

#define ECG_RATE_HZ 250u
#define ECG_PER_FRAME 25u

/* ECG rails. A0 is read against AVcc (5 V), but the AD8232 runs from 3.3 V, so its output
 * (1.65 V at 0 mV, gain 1100) can only swing from about GND to 3.3 V: 0 to ~675 counts, and
 * the ADC's 0 / 1023 never mean "saturated". Its rail-to-rail output comes within some tens
 * of mV of either supply (AD8232 datasheet); 100 mV is taken as a conservative margin. A
 * sample at or beyond these counts is at a rail: 100 mV -> 20, 3.2 V -> 655 (rounded half
 * up). They must equal the host's BOARD_V1 rails (src/fitcoach/sensors/profiles.py; checked
 * by tests/sensors/test_firmware.py). */
#define ECG_ADC_REF_MV 5000UL     /* AVcc */
#define ECG_SUPPLY_MV 3300UL      /* the AD8232's supply (the UNO's 3.3 V pin) */
#define ECG_RAIL_MARGIN_MV 100UL
#define ECG_ADC_STEPS 1024UL      /* 10-bit ADC */
#define ECG_RAIL_LOW \
    ((ECG_RAIL_MARGIN_MV * ECG_ADC_STEPS + ECG_ADC_REF_MV / 2UL) / ECG_ADC_REF_MV)
#define ECG_RAIL_HIGH \
    (((ECG_SUPPLY_MV - ECG_RAIL_MARGIN_MV) * ECG_ADC_STEPS + ECG_ADC_REF_MV / 2UL) / \
     ECG_ADC_REF_MV)
#define PPG_PER_FRAME 10u
#define PPG_PERIOD_US 10000UL     /* 100 Hz */
#define CO2_PER_FRAME 4u
#define CO2_PERIOD_US 50000UL     /* 20 Hz */

#define PIN_LO_PLUS 10            /* PB2 */
#define PIN_LO_MINUS 11           /* PB3 */
#define PIN_CO2_RX 8              /* from the sensor's TX */
#define PIN_CO2_TX 9              /* to the sensor's RX, through a 5 V -> 3.3 V divider */

/* CO2 unit conversion: partial pressure = fraction x barometric pressure. The board has no
 * barometer, so sea level (760 mmHg) is assumed: at 1500 m (about 630 mmHg) the values read
 * about 17 % high. Set this to the local pressure if it is known. */
#ifndef FC_BAROMETRIC_MMHG
#define FC_BAROMETRIC_MMHG 760UL
#endif
/* GSS sensors report ppm divided by a range-dependent multiplier, read at boot with the "."
 * command; this is used when the sensor does not answer (10 for the 0-20 % range). */
#define CO2_DEFAULT_MULTIPLIER 10u
#define CO2_SILENT_AFTER_MS 2000UL

/* MAX30102 (datasheet 19-7740 rev 1, register map table) */
#define MAX3010X_ADDR 0x57
#define MAX_REG_INT_ENABLE_1 0x02
#define MAX_REG_INT_ENABLE_2 0x03
#define MAX_REG_FIFO_WR_PTR 0x04
#define MAX_REG_OVF_COUNTER 0x05
#define MAX_REG_FIFO_RD_PTR 0x06
#define MAX_REG_FIFO_DATA 0x07
#define MAX_REG_FIFO_CONFIG 0x08  /* SMP_AVE[7:5] FIFO_ROLLOVER_EN[4] FIFO_A_FULL[3:0] */
#define MAX_REG_MODE_CONFIG 0x09  /* SHDN[7] RESET[6] MODE[2:0]: 0x03 = SpO2 (red + IR) */
#define MAX_REG_SPO2_CONFIG 0x0A  /* ADC_RGE[6:5] SR[4:2] LED_PW[1:0] */
#define MAX_REG_LED1_PA 0x0C      /* red LED current, 0.2 mA per step */
#define MAX_REG_LED2_PA 0x0D      /* IR LED current */
#define MAX_REG_PART_ID 0xFF      /* reads 0x15 */
#define MAX_PART_ID 0x15
#define MAX_FIFO_CONFIG 0x1F      /* no averaging, rollover on, almost-full at 15 free (unused) */
#define MAX_SPO2_CONFIG 0x27      /* 4096 nA full scale, 100 samples/s, 411 us = 18 bits */
#define MAX_LED_CURRENT 0x24      /* 7.2 mA; raise for dark skin or thick fingers */
#define MAX_MODE_SPO2 0x03
#define MAX_MODE_RESET 0x40
#define PPG_FULL_SCALE 0x3FFFFL   /* 18-bit counts */
#define PPG_FINGER_IR_MIN 50000L  /* IR below this: no finger (calibrate per build) */
#define PPG_MAX_PER_READ 5u       /* 5 x 6 bytes fit the 32-byte Wire buffer */

/* SCD4x (Sensirion datasheet): 16-bit commands, each data word followed by a CRC-8. */
#define SCD4X_ADDR 0x62
#define SCD4X_START_PERIODIC 0x21B1u
#define SCD4X_STOP_PERIODIC 0x3F86u
#define SCD4X_DATA_READY 0xE4B8u
#define SCD4X_READ_MEASUREMENT 0xEC05u

/* STATUS frame samples come in pairs: an event code and a value. */
#define EVENT_BOOT 1         /* value: sensors found, bit 0 MAX30102, 1 CO2, 2 SCD4x */
#define EVENT_ECG_OVERRUN 2  /* value: ECG frames dropped since the last report */
#define EVENT_PPG_OVERFLOW 3 /* value: PPG samples the MAX30102 FIFO lost */
#define EVENT_CO2_SILENT 4   /* value: 0; no CO2 line for CO2_SILENT_AFTER_MS */
#define EVENT_CO2_BACK 5     /* value: 0 */

/* ------------------------------------------------------------------ frame output */

static uint8_t tx_buffer[72];
static_assert(FC_FRAME_ENCODED_MAX(2, ECG_PER_FRAME) <= sizeof(tx_buffer), "ECG frame");
static_assert(FC_FRAME_ENCODED_MAX(4, PPG_PER_FRAME) <= sizeof(tx_buffer), "PPG frame");
static_assert(FC_FRAME_ENCODED_MAX(2, CO2_PER_FRAME) <= sizeof(tx_buffer), "CO2 frame");

static uint32_t next_seq[FC_CH_STATUS + 1]; /* per channel; ECG counts in its ISR */
static uint8_t first_frame_sent;            /* bit per channel: CLOCK_RESET already sent */

/* Sends one frame. The first frame of every channel after boot carries CLOCK_RESET too, so
 * a host that missed the boot STATUS frame still sees the restart. */
static void send_frame(uint8_t channel, uint32_t seq, uint32_t t_us, uint8_t flags,
                       uint8_t width, const int32_t *samples, uint8_t count) {
    if (!(first_frame_sent & (1u << channel))) {
        flags |= FC_FLAG_CLOCK_RESET;
        first_frame_sent |= (uint8_t)(1u << channel);
    }
    size_t n = fc_frame_encode(tx_buffer, sizeof(tx_buffer), FC_DEVICE_ID, seq, t_us, channel,
                               flags, width, samples, count);
    if (n > 0) {
        Serial.write(tx_buffer, n); /* blocks while the 64-byte TX buffer is full */
    }
}

static void send_counted(uint8_t channel, uint32_t t_us, uint8_t flags, uint8_t width,
                         const int32_t *samples, uint8_t count) {
    send_frame(channel, next_seq[channel]++, t_us, flags, width, samples, count);
}

static void send_status(int32_t code, int32_t value) {
    int32_t samples[2] = {code, value};
    send_counted(FC_CH_STATUS, micros(), FC_FLAG_NONE, 2, samples, 2);
}

/* ------------------------------------------------------------------ ECG (ISR side) */

static int16_t ecg_block[2][ECG_PER_FRAME];
static uint32_t ecg_block_t[2];
static uint32_t ecg_block_seq[2];
static uint8_t ecg_block_flags[2];
static volatile uint8_t ecg_ready; /* bit b: block b complete and not yet sent */
static volatile uint16_t ecg_dropped;
static uint8_t ecg_fill;       /* ISR only: block being filled */
static uint8_t ecg_fill_n;     /* ISR only: samples in it */
static uint8_t ecg_fill_flags; /* ISR only */
static uint8_t ecg_dropping;   /* ISR only: this block period's samples are discarded */
static uint32_t ecg_seq;       /* ISR only: +1 per 25-sample period, sent or dropped */

static void ecg_start(void) {
    pinMode(PIN_LO_PLUS, INPUT);
    pinMode(PIN_LO_MINUS, INPUT);
    noInterrupts();
    TCCR1A = 0;
    TCCR1B = _BV(WGM12) | _BV(CS11) | _BV(CS10);  /* CTC on OCR1A, clk/64: 4 us ticks */
    OCR1A = (uint16_t)(F_CPU / 64UL / ECG_RATE_HZ - 1UL); /* 999: 4 ms */
    OCR1B = OCR1A;                                /* compare B at the same instant */
    TCNT1 = 0;
    TIMSK1 = 0;                                   /* no timer interrupt: B triggers the ADC */
    TIFR1 = _BV(OCF1B);
    ADMUX = _BV(REFS0);                           /* AVcc (5 V) reference, A0: the
                                                     host's BOARD_V1 calibration assumes it */
    DIDR0 = _BV(ADC0D);                           /* no digital input buffer on A0 */
    ADCSRB = _BV(ADTS2) | _BV(ADTS0);             /* auto trigger: Timer1 compare match B */
    ADCSRA = _BV(ADEN) | _BV(ADATE) | _BV(ADIE) | _BV(ADPS2) | _BV(ADPS1) | _BV(ADPS0);
    interrupts();
}

ISR(ADC_vect) {
    uint16_t ticks = TCNT1; /* 4 us ticks since the trigger (the counter cleared after it) */
    uint16_t value = ADC;
    uint32_t t_us = micros() - 4UL * (ticks + 1u);
    TIFR1 = _BV(OCF1B); /* the trigger is the flag's rising edge: clear it for the next one */

    if (ecg_fill_n == 0) {
        ecg_dropping = (ecg_ready & (1u << ecg_fill)) != 0; /* loop still sending this block */
        if (!ecg_dropping) {
            ecg_block_t[ecg_fill] = t_us;
        }
        ecg_fill_flags = FC_FLAG_NONE;
    }
    if (!ecg_dropping) {
        ecg_block[ecg_fill][ecg_fill_n] = (int16_t)value;
    }
    if (PINB & (_BV(PINB2) | _BV(PINB3))) { /* LO+ or LO- high: an electrode is off */
        ecg_fill_flags |= FC_FLAG_LEAD_OFF;
    }
    if (value <= ECG_RAIL_LOW || value >= ECG_RAIL_HIGH) { /* the AD8232's output rails */
        ecg_fill_flags |= FC_FLAG_SATURATED;
    }
    if (++ecg_fill_n == ECG_PER_FRAME) {
        if (ecg_dropping) {
            ecg_dropped++; /* the seq gap tells the host a frame is missing */
        } else {
            ecg_block_seq[ecg_fill] = ecg_seq;
            ecg_block_flags[ecg_fill] = ecg_fill_flags;
            ecg_ready |= (uint8_t)(1u << ecg_fill);
            ecg_fill ^= 1u;
        }
        ecg_seq++;
        ecg_fill_n = 0;
    }
}

/* ------------------------------------------------------------------ ECG (loop side) */

static uint8_t ecg_next_block; /* blocks complete alternately: 0, 1, 0, ... */

static void ecg_service(void) {
    uint8_t ready;
    uint16_t dropped;
    noInterrupts();
    ready = ecg_ready;
    dropped = ecg_dropped;
    ecg_dropped = 0;
    interrupts();
    if (dropped) {
        send_status(EVENT_ECG_OVERRUN, dropped);
    }
    if (!(ready & (1u << ecg_next_block))) {
        return;
    }
    /* The ISR does not touch a ready block, so it can be read with interrupts on. */
    uint8_t b = ecg_next_block;
    int32_t samples[ECG_PER_FRAME];
    for (uint8_t i = 0; i < ECG_PER_FRAME; i++) {
        samples[i] = ecg_block[b][i];
    }
    send_frame(FC_CH_ECG, ecg_block_seq[b], ecg_block_t[b], ecg_block_flags[b], 2, samples,
               ECG_PER_FRAME);
    noInterrupts();
    ecg_ready &= (uint8_t)~(1u << b);
    interrupts();
    ecg_next_block ^= 1u;
}

/* ------------------------------------------------------------------ I2C helpers */

static bool i2c_write_reg(uint8_t addr, uint8_t reg, uint8_t value) {
    Wire.beginTransmission(addr);
    Wire.write(reg);
    Wire.write(value);
    return Wire.endTransmission() == 0;
}

static bool i2c_read_regs(uint8_t addr, uint8_t reg, uint8_t *out, uint8_t n) {
    Wire.beginTransmission(addr);
    Wire.write(reg);
    if (Wire.endTransmission(false) != 0) { /* repeated start */
        return false;
    }
    if (Wire.requestFrom(addr, n) != n) {
        return false;
    }
    for (uint8_t i = 0; i < n; i++) {
        out[i] = (uint8_t)Wire.read();
    }
    return true;
}

/* ------------------------------------------------------------------ PPG (MAX30102) */

static bool ppg_present;
static int32_t ppg_red[PPG_PER_FRAME];
static int32_t ppg_ir[PPG_PER_FRAME];
static uint8_t ppg_n;
static uint32_t ppg_t0;
static uint8_t ppg_red_flags, ppg_ir_flags;
static uint32_t ppg_last_poll_us;

static bool ppg_begin(void) {
    uint8_t id = 0;
    if (!i2c_write_reg(MAX3010X_ADDR, MAX_REG_MODE_CONFIG, MAX_MODE_RESET)) {
        return false;
    }
    for (uint8_t tries = 0; tries < 100; tries++) { /* RESET clears itself when done */
        uint8_t mode = MAX_MODE_RESET;
        if (i2c_read_regs(MAX3010X_ADDR, MAX_REG_MODE_CONFIG, &mode, 1) &&
            !(mode & MAX_MODE_RESET)) {
            break;
        }
        delay(1);
    }
    if (!i2c_read_regs(MAX3010X_ADDR, MAX_REG_PART_ID, &id, 1) || id != MAX_PART_ID) {
        return false;
    }
    return i2c_write_reg(MAX3010X_ADDR, MAX_REG_INT_ENABLE_1, 0x00) && /* we poll */
           i2c_write_reg(MAX3010X_ADDR, MAX_REG_INT_ENABLE_2, 0x00) &&
           i2c_write_reg(MAX3010X_ADDR, MAX_REG_FIFO_CONFIG, MAX_FIFO_CONFIG) &&
           i2c_write_reg(MAX3010X_ADDR, MAX_REG_SPO2_CONFIG, MAX_SPO2_CONFIG) &&
           i2c_write_reg(MAX3010X_ADDR, MAX_REG_LED1_PA, MAX_LED_CURRENT) &&
           i2c_write_reg(MAX3010X_ADDR, MAX_REG_LED2_PA, MAX_LED_CURRENT) &&
           i2c_write_reg(MAX3010X_ADDR, MAX_REG_FIFO_WR_PTR, 0x00) &&
           i2c_write_reg(MAX3010X_ADDR, MAX_REG_OVF_COUNTER, 0x00) &&
           i2c_write_reg(MAX3010X_ADDR, MAX_REG_FIFO_RD_PTR, 0x00) &&
           i2c_write_reg(MAX3010X_ADDR, MAX_REG_MODE_CONFIG, MAX_MODE_SPO2);
}

/* Sends what has been collected (a short frame after a gap, so timestamps stay true). */
static void ppg_flush(void) {
    if (ppg_n == 0) {
        return;
    }
    send_counted(FC_CH_PPG_RED, ppg_t0, ppg_red_flags, 4, ppg_red, ppg_n);
    send_counted(FC_CH_PPG_IR, ppg_t0, ppg_ir_flags, 4, ppg_ir, ppg_n);
    ppg_n = 0;
}

static void ppg_service(void) {
    uint8_t ptr[3]; /* WR_PTR, OVF_COUNTER, RD_PTR */
    uint8_t raw[PPG_MAX_PER_READ * 6];
    uint32_t now = micros();
    if (!ppg_present || now - ppg_last_poll_us < 20000UL) {
        return;
    }
    ppg_last_poll_us = now;
    if (!i2c_read_regs(MAX3010X_ADDR, MAX_REG_FIFO_WR_PTR, ptr, 3)) {
        return;
    }
    uint8_t available = (uint8_t)((ptr[0] - ptr[2]) & 0x1F);
    if (ptr[1] != 0) {             /* the FIFO overflowed: samples were lost */
        if (available == 0) {
            available = 32;        /* full: write and read pointers are equal */
        }
        ppg_flush();
        send_status(EVENT_PPG_OVERFLOW, ptr[1]);
    }
    /* The FIFO does not timestamp: the newest sample was taken within the last period, each
     * older one a period earlier. */
    uint8_t left = available;
    while (left > 0) {
        uint8_t chunk = left < PPG_MAX_PER_READ ? left : PPG_MAX_PER_READ;
        if (!i2c_read_regs(MAX3010X_ADDR, MAX_REG_FIFO_DATA, raw, (uint8_t)(chunk * 6u))) {
            ppg_flush();
            return;
        }
        for (uint8_t k = 0; k < chunk; k++) {
            const uint8_t *s = raw + 6u * k;
            /* three bytes each, MSB first, LED1 (red) then LED2 (IR); bits 17:0 are data */
            int32_t red = (int32_t)((((uint32_t)s[0] << 16) | ((uint32_t)s[1] << 8) | s[2]) &
                                    (uint32_t)PPG_FULL_SCALE);
            int32_t ir = (int32_t)((((uint32_t)s[3] << 16) | ((uint32_t)s[4] << 8) | s[5]) &
                                   (uint32_t)PPG_FULL_SCALE);
            left--;
            if (ppg_n == 0) {
                ppg_t0 = now - (uint32_t)left * PPG_PERIOD_US;
                ppg_red_flags = FC_FLAG_NONE;
                ppg_ir_flags = FC_FLAG_NONE;
            }
            ppg_red[ppg_n] = red;
            ppg_ir[ppg_n] = ir;
            if (red >= PPG_FULL_SCALE) {
                ppg_red_flags |= FC_FLAG_SATURATED;
            }
            if (ir >= PPG_FULL_SCALE) {
                ppg_ir_flags |= FC_FLAG_SATURATED;
            }
            if (ir < PPG_FINGER_IR_MIN) {
                ppg_red_flags |= FC_FLAG_FINGER_OFF;
                ppg_ir_flags |= FC_FLAG_FINGER_OFF;
            }
            if (++ppg_n == PPG_PER_FRAME) {
                ppg_flush();
            }
        }
    }
}

/* ------------------------------------------------------------------ fast CO2 */

static SoftwareSerial co2_serial(PIN_CO2_RX, PIN_CO2_TX);
static uint16_t co2_multiplier = CO2_DEFAULT_MULTIPLIER;
static bool co2_answered;
static char co2_line[24];
static uint8_t co2_len;
static int32_t co2_samples[CO2_PER_FRAME];
static uint8_t co2_n;
static uint32_t co2_t0, co2_last_us;
static uint32_t co2_last_line_ms;
static bool co2_silent;

/* "Z 01234" -> 1234; looks for `key` as a token followed by digits. Returns false if absent. */
static bool parse_field(const char *line, char key, uint32_t *value) {
    for (const char *p = line; *p; p++) {
        if (*p == key && (p == line || p[-1] == ' ') && p[1] == ' ') {
            const char *d = p + 1;
            while (*d == ' ') {
                d++;
            }
            if (*d < '0' || *d > '9') {
                return false;
            }
            uint32_t v = 0;
            while (*d >= '0' && *d <= '9') {
                v = v * 10u + (uint32_t)(*d - '0');
                d++;
            }
            *value = v;
            return true;
        }
    }
    return false;
}

static void co2_command(const char *command) {
    co2_serial.print(command);
    co2_serial.print("\r\n");
}

static void co2_begin(void) {
    co2_serial.begin(9600);
    co2_command("K 2"); /* polling mode: the stream stops, so the "." reply stands alone */
    delay(100);
    while (co2_serial.available()) {
        co2_serial.read();
    }
    co2_command(".");   /* multiplier: replies " . 00010" */
    uint32_t start = millis();
    co2_len = 0;
    while (millis() - start < 300UL) {
        if (!co2_serial.available()) {
            continue;
        }
        char c = (char)co2_serial.read();
        if (c == '\n') {
            uint32_t m = 0;
            co2_line[co2_len] = '\0';
            if (parse_field(co2_line, '.', &m) && m > 0 && m <= 1000) {
                co2_multiplier = (uint16_t)m;
                co2_answered = true;
                break;
            }
            co2_len = 0;
        } else if (c != '\r' && co2_len < sizeof(co2_line) - 1) {
            co2_line[co2_len++] = c;
        }
    }
    co2_len = 0;
    co2_command("M 4"); /* report only the filtered CO2 field, "Z" (shorter lines) */
    co2_command("K 1"); /* streaming mode: a line every 50 ms */
    co2_last_line_ms = millis();
}

static void co2_flush(void) {
    if (co2_n > 0) {
        send_counted(FC_CH_CO2, co2_t0, FC_FLAG_NONE, 2, co2_samples, co2_n);
        co2_n = 0;
    }
}

static void co2_line_done(uint32_t t_line_us) {
    uint32_t z;
    if (!parse_field(co2_line, 'Z', &z)) {
        co2_flush(); /* an unreadable line is a missing sample: close the frame here */
        return;
    }
    co2_last_line_ms = millis();
    if (co2_silent) {
        co2_silent = false;
        send_status(EVENT_CO2_BACK, 0);
    }
    /* 0.1 mmHg = ppm / 1e6 * Pb[mmHg] * 10 = (ppm / 100) * Pb / 1000, in 32 bits */
    uint32_t ppm = z * co2_multiplier;
    uint32_t hundreds_ppm = (ppm + 50UL) / 100UL;
    int32_t tenth_mmhg = (int32_t)((hundreds_ppm * FC_BAROMETRIC_MMHG + 500UL) / 1000UL);
    if (co2_n > 0 && t_line_us - co2_last_us > CO2_PERIOD_US + CO2_PERIOD_US / 2) {
        co2_flush(); /* a line went missing: the next frame starts at its own time */
    }
    if (co2_n == 0) {
        co2_t0 = t_line_us;
    }
    co2_last_us = t_line_us;
    co2_samples[co2_n++] = tenth_mmhg;
    if (co2_n == CO2_PER_FRAME) {
        co2_flush();
    }
}

static void co2_service(void) {
    while (co2_serial.available()) {
        char c = (char)co2_serial.read();
        if (c == '\n') {
            co2_line[co2_len] = '\0';
            /* the line's value was measured about one line-time (1.04 ms a character at
             * 9600 baud) before its last character arrived */
            co2_line_done(micros() - 1042UL * (co2_len + 2u));
            co2_len = 0;
        } else if (c != '\r') {
            if (co2_len < sizeof(co2_line) - 1) {
                co2_line[co2_len++] = c;
            } else {
                co2_len = 0; /* garbage without newlines: start over */
            }
        }
    }
    if (!co2_silent && millis() - co2_last_line_ms > CO2_SILENT_AFTER_MS) {
        co2_silent = true;
        co2_flush();
        send_status(EVENT_CO2_SILENT, 0);
    }
}

/* ------------------------------------------------------------------ ambient CO2 (SCD4x) */

#if FC_HAVE_SCD4X
static bool scd_present;
static uint32_t scd_last_poll_ms;

static uint8_t scd_crc8(const uint8_t *data, uint8_t n) { /* poly 0x31, init 0xFF */
    uint8_t crc = 0xFF;
    for (uint8_t i = 0; i < n; i++) {
        crc ^= data[i];
        for (uint8_t bit = 0; bit < 8; bit++) {
            crc = (crc & 0x80) ? (uint8_t)((crc << 1) ^ 0x31) : (uint8_t)(crc << 1);
        }
    }
    return crc;
}

static bool scd_command(uint16_t command) {
    Wire.beginTransmission(SCD4X_ADDR);
    Wire.write((uint8_t)(command >> 8));
    Wire.write((uint8_t)(command & 0xFF));
    return Wire.endTransmission() == 0;
}

/* Reads n words after a command; false on a NACK or a CRC error. */
static bool scd_read_words(uint16_t command, uint16_t *words, uint8_t n) {
    uint8_t buf[9];
    if (n > 3 || !scd_command(command)) {
        return false;
    }
    delay(1); /* execution time of the read commands */
    if (Wire.requestFrom((uint8_t)SCD4X_ADDR, (uint8_t)(n * 3)) != n * 3) {
        return false;
    }
    for (uint8_t i = 0; i < n * 3; i++) {
        buf[i] = (uint8_t)Wire.read();
    }
    for (uint8_t w = 0; w < n; w++) {
        if (scd_crc8(buf + 3 * w, 2) != buf[3 * w + 2]) {
            return false;
        }
        words[w] = (uint16_t)((buf[3 * w] << 8) | buf[3 * w + 1]);
    }
    return true;
}

static bool scd_begin(void) {
    if (!scd_command(SCD4X_STOP_PERIODIC)) {
        return false;
    }
    delay(500); /* stop_periodic_measurement takes 500 ms */
    return scd_command(SCD4X_START_PERIODIC);
}

static void scd_service(void) {
    uint16_t words[3];
    if (!scd_present || millis() - scd_last_poll_ms < 1000UL) {
        return;
    }
    scd_last_poll_ms = millis();
    if (!scd_read_words(SCD4X_DATA_READY, words, 1) || (words[0] & 0x07FF) == 0) {
        return;
    }
    if (scd_read_words(SCD4X_READ_MEASUREMENT, words, 3)) {
        int32_t ppm = words[0];
        send_counted(FC_CH_CO2_AMBIENT, micros(), FC_FLAG_NONE, 4, &ppm, 1);
    }
}
#endif

/* ------------------------------------------------------------------ setup and loop */

void setup() {
    Serial.begin(FC_SERIAL_BAUD);

    Wire.begin();
    Wire.setClock(400000UL);
    Wire.setWireTimeout(25000UL, true); /* a stuck bus must not hang the ECG stream */
    /* Wire.begin() turns on the ATmega's internal pull-ups to 5 V; the breakouts have their
     * own to 3.3 V (or 1.8 V), so switch ours off. */
    digitalWrite(SDA, LOW);
    digitalWrite(SCL, LOW);

    uint8_t found = 0;
    ppg_present = ppg_begin();
    if (ppg_present) {
        found |= 1u;
    }
    co2_begin();
    if (co2_answered) {
        found |= 2u;
    }
#if FC_HAVE_SCD4X
    scd_present = scd_begin();
    if (scd_present) {
        found |= 4u;
    }
#endif
    /* The boot frame: CLOCK_RESET tells the host that sequences and the clock start over. */
    int32_t boot[2] = {EVENT_BOOT, found};
    first_frame_sent |= (uint8_t)(1u << FC_CH_STATUS);
    send_frame(FC_CH_STATUS, next_seq[FC_CH_STATUS]++, micros(), FC_FLAG_CLOCK_RESET, 2, boot,
               2);

    ppg_last_poll_us = micros();
    ecg_start();
}

void loop() {
    ecg_service();
    ppg_service();
    co2_service();
#if FC_HAVE_SCD4X
    scd_service();
#endif
}
