package app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Event timestamps as the inputs carry them: ISO-8601 with a zone, epoch seconds, or epoch
 * milliseconds (a number above 1e11). The common UTC form is parsed without allocation because
 * ingest runs it once per event; anything else goes through java.time.
 */
public final class Timestamps {
    private static final double MILLIS_THRESHOLD = 1e11;

    private Timestamps() {
    }

    /** Epoch milliseconds of a numeric timestamp, or -1 when it is not a usable number. */
    public static long fromNumber(double value) {
        if (!Double.isFinite(value) || value <= 0) {
            return -1;
        }
        return value > MILLIS_THRESHOLD ? (long) value : (long) (value * 1000);
    }

    /** Epoch milliseconds of an ISO-8601 timestamp with a zone (UTF-8 bytes), or -1 when it is not one. */
    public static long fromIso(byte[] b, int off, int len) {
        long fast = fastUtc(b, off, len);
        return fast >= 0 ? fast : slow(new String(b, off, len, StandardCharsets.UTF_8));
    }

    /** The same for characters (Jackson's text buffer). */
    public static long fromIso(char[] c, int off, int len) {
        byte[] ascii = new byte[len];
        for (int i = 0; i < len; i++) {
            char ch = c[off + i];
            if (ch > 127) {
                return slow(new String(c, off, len));
            }
            ascii[i] = (byte) ch;
        }
        return fromIso(ascii, 0, len);
    }

    public static long fromIso(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return fromIso(b, 0, b.length);
    }

    private static long slow(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s).toEpochMilli();
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }

    // yyyy-MM-ddTHH:mm:ss[.fraction](Z|+HH:MM|-HH:MM)
    private static long fastUtc(byte[] c, int o, int len) {
        if (len < 20 || c[o + 4] != '-' || c[o + 7] != '-' || c[o + 10] != 'T' || c[o + 13] != ':' || c[o + 16] != ':') {
            return -1;
        }
        int year = digits(c, o, 4);
        int month = digits(c, o + 5, 2);
        int day = digits(c, o + 8, 2);
        int hour = digits(c, o + 11, 2);
        int minute = digits(c, o + 14, 2);
        int second = digits(c, o + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return -1;
        }
        int i = o + 19;
        int end = o + len;
        int millis = 0;
        if (c[i] == '.') {
            int scale = 100;
            i++;
            int start = i;
            while (i < end && c[i] >= '0' && c[i] <= '9') {
                millis += (c[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) {
                return -1;
            }
        }
        long offsetMinutes = zoneOffsetMinutes(c, i, end);
        if (offsetMinutes == Long.MIN_VALUE) {
            return -1;
        }
        long days = daysFromCivil(year, month, day);
        return (((days * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
    }

    private static long zoneOffsetMinutes(byte[] c, int i, int end) {
        if (end - i == 1 && (c[i] == 'Z' || c[i] == 'z')) {
            return 0;
        }
        if (end - i == 6 && (c[i] == '+' || c[i] == '-') && c[i + 3] == ':') {
            int h = digits(c, i + 1, 2);
            int m = digits(c, i + 4, 2);
            if (h < 0 || m < 0) {
                return Long.MIN_VALUE;
            }
            return (c[i] == '-' ? -1 : 1) * (h * 60L + m);
        }
        return Long.MIN_VALUE;
    }

    private static int digits(byte[] c, int o, int n) {
        int v = 0;
        for (int k = 0; k < n; k++) {
            byte ch = c[o + k];
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + ch - '0';
        }
        return v;
    }

    // Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic Gregorian date.
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
