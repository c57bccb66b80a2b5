package base;

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
        long fast = fastIso(b, off, len);
        return fast >= 0 ? fast : javaTime(new String(b, off, len, StandardCharsets.UTF_8));
    }

    /** The same for characters (Jackson's text buffer). */
    public static long fromIso(char[] c, int off, int len) {
        byte[] ascii = new byte[len];
        for (int i = 0; i < len; i++) {
            char ch = c[off + i];
            if (ch > 127) {
                return javaTime(new String(c, off, len));
            }
            ascii[i] = (byte) ch;
        }
        return fromIso(ascii, 0, len);
    }

    public static long fromIso(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return fromIso(b, 0, b.length);
    }

    /** The reading the fast path must agree with (TimestampsTest): java.time's, -1 where it refuses. */
    static long javaTime(String s) {
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

    /**
     * yyyy-MM-ddTHH:mm:ss[.fraction](Z|+HH:MM|-HH:MM), read as java.time reads it; anything else,
     * or a value java.time might read differently (a lowercase letter, seconds in the offset),
     * answers -1 and goes to java.time.
     */
    private static long fastIso(byte[] c, int o, int len) {
        if (len < 20 || c[o + 4] != '-' || c[o + 7] != '-' || c[o + 10] != 'T' || c[o + 13] != ':' || c[o + 16] != ':') {
            return -1;
        }
        int century = two(c, o);
        int yearOfCentury = two(c, o + 2);
        int month = two(c, o + 5);
        int day = two(c, o + 8);
        int hour = two(c, o + 11);
        int minute = two(c, o + 14);
        int second = two(c, o + 17);
        if ((century | yearOfCentury | month | day | hour | minute | second) < 0) {
            return -1; // a non-digit
        }
        int year = century * 100 + yearOfCentury;
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return -1;
        }
        int end = o + len;
        int i = o + 19;
        int millis = 0;
        if (c[i] == '.') {
            int first = ++i;
            for (int scale = 100; i < end && isDigit(c[i]); i++, scale /= 10) {
                millis += (c[i] - '0') * scale;
            }
            if (i == first || i - first > 9) {
                return -1; // java.time reads 1 to 9 fraction digits
            }
        }
        long offsetMinutes = zoneOffsetMinutes(c, i, end);
        if (offsetMinutes == Long.MIN_VALUE) {
            return -1;
        }
        long days = daysFromCivil(year, month, day);
        return (((days * 24 + hour) * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
    }

    /** Z, or +HH:MM / -HH:MM below 18 hours (java.time's limit); Long.MIN_VALUE for anything else. */
    private static long zoneOffsetMinutes(byte[] c, int i, int end) {
        if (end - i == 1 && c[i] == 'Z') {
            return 0;
        }
        if (end - i != 6 || c[i] != '+' && c[i] != '-' || c[i + 3] != ':') {
            return Long.MIN_VALUE;
        }
        int h = two(c, i + 1);
        int m = two(c, i + 4);
        if (h < 0 || m < 0 || h > 17 || m > 59) {
            return Long.MIN_VALUE;
        }
        return (c[i] == '-' ? -1 : 1) * (h * 60L + m);
    }

    /** Two decimal digits, or -1. */
    private static int two(byte[] c, int o) {
        int high = c[o] - '0';
        int low = c[o + 1] - '0';
        return (high | low | 9 - high | 9 - low) < 0 ? -1 : high * 10 + low;
    }

    private static boolean isDigit(byte ch) {
        return ch >= '0' && ch <= '9';
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
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
