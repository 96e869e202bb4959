package io.shoplens.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RfmTest {

    @Test
    void fiveDistinctValuesGetOneScoreEach() {
        assertArrayEquals(new int[] { 1, 2, 3, 4, 5 }, Rfm.scores(new double[] { 10, 20, 30, 40, 50 }, false));
        assertArrayEquals(new int[] { 5, 4, 3, 2, 1 }, Rfm.scores(new double[] { 10, 20, 30, 40, 50 }, true));
    }

    @Test
    void tenValuesMakeQuintilesOfTwo() {
        assertArrayEquals(new int[] { 1, 1, 2, 2, 3, 3, 4, 4, 5, 5 },
                Rfm.scores(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, false));
    }

    @Test
    void tiesShareAScore() {
        int[] scores = Rfm.scores(new double[] { 1, 1, 1, 1, 1, 1, 1, 1, 5, 9 }, false);
        for (int i = 0; i < 8; i++) {
            assertEquals(scores[0], scores[i], "tied one-order customers");
        }
        assertEquals(2, scores[0]);
        assertEquals(5, scores[9]);
    }

    @Test
    void tinyAndEmptyInputs() {
        assertArrayEquals(new int[] { 3 }, Rfm.scores(new double[] { 42 }, false));
        assertArrayEquals(new int[] { 3 }, Rfm.scores(new double[] { 42 }, true));
        assertArrayEquals(new int[0], Rfm.scores(new double[0], false));
        assertArrayEquals(new int[] { 3, 3, 3 }, Rfm.scores(new double[] { 7, 7, 7 }, false));
    }

    @Test
    void namedSegmentsFollowTheUsualMap() {
        assertEquals(RfmSegment.CHAMPIONS, Rfm.segment(5, 5));
        assertEquals(RfmSegment.CHAMPIONS, Rfm.segment(5, 4));
        assertEquals(RfmSegment.LOYAL, Rfm.segment(3, 4));
        assertEquals(RfmSegment.LOYAL, Rfm.segment(4, 5));
        assertEquals(RfmSegment.POTENTIAL_LOYALISTS, Rfm.segment(5, 2));
        assertEquals(RfmSegment.POTENTIAL_LOYALISTS, Rfm.segment(4, 3));
        assertEquals(RfmSegment.NEW, Rfm.segment(5, 1));
        assertEquals(RfmSegment.PROMISING, Rfm.segment(4, 1));
        assertEquals(RfmSegment.NEED_ATTENTION, Rfm.segment(3, 3));
        assertEquals(RfmSegment.ABOUT_TO_SLEEP, Rfm.segment(3, 2));
        assertEquals(RfmSegment.AT_RISK, Rfm.segment(2, 4));
        assertEquals(RfmSegment.CANT_LOSE, Rfm.segment(1, 5));
        assertEquals(RfmSegment.HIBERNATING, Rfm.segment(1, 1));
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                Rfm.segment(r, f);
            }
        }
    }
}
