package incidents;

import java.util.HashMap;
import java.util.Map;

/**
 * When each fingerprint was last paged, kept in memory for the dedup check, in two long arrays
 * (open addressing, linear probing): a fingerprint of up to 15 lowercase hex digits (the seed's are
 * 12) is packed into one long. A map of String to Long took about 120 bytes an entry, and with a new
 * fingerprint per raise the dedup window held a million of them after ten minutes of load: the heap
 * grew by 120 MB and every full collection walked them. Here an entry costs 16 to 40 bytes, and
 * {@link #removeOlderThan} rebuilds the arrays at the size that is left, so memory comes back after
 * a purge. Other keys (not expected) go to a plain map. Thread-safe: every method holds the lock,
 * briefly.
 */
final class FingerprintTimes {
    private static final int MIN_CAPACITY = 1024;
    private static final int MAX_PACKED_DIGITS = 15;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** 0 marks a free slot: a packed key has its digit count in the top four bits, never 0. */
    private long[] keys;
    private long[] times;
    private int bits;
    private int size;
    private final Map<String, Long> others = new HashMap<>();

    FingerprintTimes() {
        allocate(MIN_CAPACITY);
    }

    synchronized Long get(String fingerprint) {
        long key = pack(fingerprint);
        if (key == 0) {
            return others.get(fingerprint);
        }
        int i = find(key);
        return keys[i] == key ? times[i] : null;
    }

    synchronized void put(String fingerprint, long at) {
        long key = pack(fingerprint);
        if (key == 0) {
            others.put(fingerprint, at);
            return;
        }
        int i = find(key);
        if (keys[i] != key) {
            keys[i] = key;
            if (++size * 5L > keys.length * 3L) { // load above 0.6: twice the room
                times[i] = at;
                rehash(keys.length * 2);
                return;
            }
        }
        times[i] = at;
    }

    synchronized void remove(String fingerprint) {
        long key = pack(fingerprint);
        if (key == 0) {
            others.remove(fingerprint);
            return;
        }
        int i = find(key);
        if (keys[i] == key) {
            deleteAt(i);
            size--;
        }
    }

    /** Drops every entry paged at or before the cutoff, and gives back the room they took. */
    synchronized void removeOlderThan(long cutoff) {
        others.values().removeIf(at -> at <= cutoff);
        long[] oldKeys = keys;
        long[] oldTimes = times;
        int left = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0 && oldTimes[i] > cutoff) {
                left++;
            }
        }
        allocate(capacityFor(left));
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0 && oldTimes[i] > cutoff) {
                insertNew(oldKeys[i], oldTimes[i]);
            }
        }
        size = left;
    }

    synchronized void clear() {
        others.clear();
        allocate(MIN_CAPACITY);
        size = 0;
    }

    synchronized int size() {
        return size + others.size();
    }

    /** The fingerprint's digits as a long with their count on top; 0 when it is not 1 to 15 lowercase hex digits. */
    static long pack(String fingerprint) {
        int n = fingerprint.length();
        if (n == 0 || n > MAX_PACKED_DIGITS) {
            return 0;
        }
        long v = 0;
        for (int k = 0; k < n; k++) {
            char c = fingerprint.charAt(k);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                return 0;
            }
            v = v << 4 | d;
        }
        return (long) n << 60 | v;
    }

    private int slot(long key) {
        return (int) ((key * GOLDEN) >>> (64 - bits));
    }

    /** The key's slot, or the free slot where it would go. */
    private int find(long key) {
        int mask = keys.length - 1;
        int i = slot(key);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Linear probing's deletion: later entries of the run move back, so no search stops early. */
    private void deleteAt(int hole) {
        int mask = keys.length - 1;
        int i = hole;
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == 0) {
                break;
            }
            int home = slot(keys[j]);
            boolean staysPut = i <= j ? i < home && home <= j : i < home || home <= j;
            if (!staysPut) {
                keys[i] = keys[j];
                times[i] = times[j];
                i = j;
            }
        }
        keys[i] = 0;
        times[i] = 0;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        long[] oldTimes = times;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                insertNew(oldKeys[i], oldTimes[i]);
            }
        }
    }

    private void insertNew(long key, long at) {
        int i = find(key);
        keys[i] = key;
        times[i] = at;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        times = new long[capacity];
        bits = Integer.numberOfTrailingZeros(capacity);
    }

    /** A power of two with the entries at most half full. */
    private static int capacityFor(int entries) {
        int c = MIN_CAPACITY;
        while (c < entries * 2L) {
            c <<= 1;
        }
        return c;
    }
}
