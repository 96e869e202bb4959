package io.shoplens.segment;

import java.util.Arrays;

/**
 * RFM scores 1–5 by quintile, and the usual names for (R, F) pairs. Tied values share a score (their mid-rank
 * decides it), so a thousand one-order customers never straddle two frequency scores, and a lone customer scores 3.
 */
final class Rfm {
    private Rfm() {
    }

    /** Quintile score of each value: 5 for the highest unless {@code reversed} (recency: the smallest is best). */
    static int[] scores(double[] values, boolean reversed) {
        int n = values.length;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int[] scores = new int[n];
        for (int i = 0; i < n; i++) {
            int below = lowerBound(sorted, values[i]);
            int equal = lowerBound(sorted, Math.nextUp(values[i])) - below;
            double midRank = below + equal / 2.0;
            int score = (int) Math.ceil(5 * midRank / n);
            score = Math.max(1, Math.min(5, score));
            scores[i] = reversed ? 6 - score : score;
        }
        return scores;
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The named segment of a recency and frequency score. */
    static RfmSegment segment(int r, int f) {
        if (r == 5 && f >= 4) {
            return RfmSegment.CHAMPIONS;
        }
        if (r >= 3 && f >= 4) {
            return RfmSegment.LOYAL;
        }
        if (r >= 4 && f >= 2) {
            return RfmSegment.POTENTIAL_LOYALISTS;
        }
        if (r == 5) {
            return RfmSegment.NEW;
        }
        if (r == 4) {
            return RfmSegment.PROMISING;
        }
        if (r == 3 && f == 3) {
            return RfmSegment.NEED_ATTENTION;
        }
        if (r == 3) {
            return RfmSegment.ABOUT_TO_SLEEP;
        }
        if (f == 5) {
            return RfmSegment.CANT_LOSE;
        }
        return f >= 3 ? RfmSegment.AT_RISK : RfmSegment.HIBERNATING;
    }
}
