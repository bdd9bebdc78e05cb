package org.iothubkb.plugins.eventgrid;

import java.util.Comparator;

/**
 * The {@code sequenceNumber} of connection-state events: a hexadecimal number written as text (64 digits in
 * practice), which grows with every state change of one device. Compared as a number without parsing it: leading
 * zeros are skipped, then the longer is the larger, then the digits decide, in either case.
 */
final class SequenceNumbers {

    /** Orders valid sequence numbers by their value. */
    static final Comparator<String> BY_VALUE = SequenceNumbers::compare;

    private SequenceNumbers() {
    }

    /** Whether {@code s} is one or more hexadecimal digits. */
    static boolean isValid(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    static int compare(String a, String b) {
        int ia = firstSignificant(a);
        int ib = firstSignificant(b);
        int byLength = Integer.compare(a.length() - ia, b.length() - ib);
        if (byLength != 0) {
            return byLength;
        }
        for (; ia < a.length(); ia++, ib++) {
            int c = Integer.compare(Character.digit(a.charAt(ia), 16), Character.digit(b.charAt(ib), 16));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int firstSignificant(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return i;
    }
}
