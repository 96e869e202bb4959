package io.shoplens.churn;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The Tribuo random forest: CART trees whose leaf distributions are averaged, so that probabilities are smooth rather
 * than vote fractions.
 */
final class Forest {
    static final String CHURNED = "churned";
    static final String STAYED = "stayed";
    private static final LabelFactory LABELS = new LabelFactory();

    private Forest() {
    }

    static Model<Label> train(List<String> names, Snapshot snapshot, ChurnConfig.Forest settings) {
        return train(names, snapshot, Shape.of(snapshot.size(), settings), settings.trees(), settings.seed());
    }

    static Model<Label> train(List<String> names, Snapshot snapshot, Shape shape, int trees, long seed) {
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("churn snapshot " + snapshot.cutoff(), OffsetDateTime.now(), LABELS),
                LABELS);
        String[] featureNames = names.toArray(String[]::new);
        for (int i = 0; i < snapshot.size(); i++) {
            Label label = new Label(snapshot.churned()[i] ? CHURNED : STAYED);
            dataset.add(new ArrayExample<>(label, featureNames, snapshot.features()[i].clone()));
        }
        CARTClassificationTrainer tree = new CARTClassificationTrainer(shape.maxDepth(), shape.minSplitRows(), 0f,
                shape.featureFraction(), false, new GiniIndex(), seed);
        RandomForestTrainer<Label> trainer = new RandomForestTrainer<>(tree, new FullyWeightedVotingCombiner(),
                trees, seed);
        return trainer.train(dataset);
    }

    /**
     * Tree settings for one fit.
     *
     * @param minSplitRows the smallest node Tribuo's CART still splits (its "minChildWeight": the rows a node holds,
     *     counting bootstrap duplicates); Tribuo has no minimum leaf size, so a leaf's size is bounded through this
     */
    record Shape(int maxDepth, int minSplitRows, float featureFraction) {
        /**
         * The small-data rule: a tree of depth d has up to 2^d leaves, so the depth is the largest that leaves about
         * {@code minLeafRows} rows per leaf (log2(rows / minLeafRows)), at least 2 and at most the configured depth;
         * a node with fewer than two leaves' worth of rows is not split. At 60 training rows (the classic preset)
         * that is depth 2; from 640 rows on the configured depth 6. The feature fraction stays as configured: 0.7
         * and 0.9 did no better on classic (see the README).
         */
        static Shape of(int rows, ChurnConfig.Forest settings) {
            int leaves = Math.max(1, rows / Math.max(1, settings.minLeafRows()));
            int depth = 31 - Integer.numberOfLeadingZeros(leaves);
            return new Shape(Math.min(settings.maxDepth(), Math.max(2, depth)), 2 * settings.minLeafRows(),
                    settings.featureFraction());
        }
    }

    /** P(churned) for each row. */
    static double[] predict(Model<Label> model, List<String> names, double[][] features) {
        String[] featureNames = names.toArray(String[]::new);
        List<org.tribuo.Example<Label>> examples = new ArrayList<>(features.length);
        for (double[] row : features) {
            examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, featureNames, row.clone()));
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        double[] p = new double[features.length];
        for (int i = 0; i < p.length; i++) {
            Map<String, Label> scores = predictions.get(i).getOutputScores();
            Label churned = scores.get(CHURNED);
            p[i] = churned == null ? 0 : churned.getScore();
        }
        return p;
    }

    /**
     * How much the ROC AUC drops when one feature's column is shuffled: unlike split counts, a feature the model does
     * not really use scores near zero. The one-hot country columns from {@code groupFrom} on are shuffled together,
     * as one feature "country".
     */
    static List<ModelCard.FeatureImportance> permutationImportance(CompiledForest model, List<String> names,
            Snapshot snapshot, int groupFrom, long seed) {
        double base = Metrics.rocAuc(model.predict(snapshot.features()), snapshot.churned());
        int features = Math.min(groupFrom + 1, names.size());
        // Each column has its own seeded shuffle, so computing them in parallel gives the same figures on both cores.
        List<ModelCard.FeatureImportance> result = new ArrayList<>(IntStream.range(0, features).parallel()
                .mapToObj(j -> {
                    int to = j < groupFrom ? j + 1 : names.size();
                    double auc = Metrics.rocAuc(model.predict(shuffled(snapshot, j, to, seed + j)),
                            snapshot.churned());
                    return new ModelCard.FeatureImportance(j < groupFrom ? names.get(j) : "country", base - auc);
                }).toList());
        result.sort((a, b) -> Double.compare(b.importance(), a.importance()));
        return result;
    }

    /** A copy of the rows with columns [from, to) shuffled together across rows. */
    private static double[][] shuffled(Snapshot snapshot, int from, int to, long seed) {
        double[][] rows = new double[snapshot.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = snapshot.features()[i].clone();
        }
        Random random = new Random(seed);
        for (int i = rows.length - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            for (int c = from; c < to; c++) {
                double tmp = rows[i][c];
                rows[i][c] = rows[k][c];
                rows[k][c] = tmp;
            }
        }
        return rows;
    }

    static byte[] serialize(Model<Label> model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(model);
        } catch (IOException e) {
            throw new IllegalStateException("Could not serialise the model", e);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static Model<Label> deserialize(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Model<Label>) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("Could not read the stored model", e);
        }
    }
}
