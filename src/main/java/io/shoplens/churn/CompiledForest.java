package io.shoplens.churn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.EnsembleModel;

/**
 * A trained Tribuo forest's trees copied into flat arrays, to score many rows fast: Tribuo predicts one example at a
 * time, building a sparse vector per tree (a hundred map lookups a row), which made the evaluation, the permutation
 * importance and the scoring slower than the training. The walk and the combination are the forest's own (greater
 * than the split value goes right; leaf distributions averaged over the trees, as {@code FullyWeightedVotingCombiner}
 * does with unit weights); {@code CompiledForestTest} checks the probabilities equal Tribuo's for every row.
 */
final class CompiledForest {
    /** Per tree, per node: the column split on (-1 for a leaf), the split value, the children, P(churned) at a leaf. */
    private final int[][] column;
    private final double[][] split;
    private final int[][] greater;
    private final int[][] lessOrEqual;
    private final double[][] churned;
    private final double[][] total;

    private CompiledForest(int trees) {
        column = new int[trees][];
        split = new double[trees][];
        greater = new int[trees][];
        lessOrEqual = new int[trees][];
        churned = new double[trees][];
        total = new double[trees][];
    }

    /** Compiles a forest trained on the columns {@code names} (the row layout {@link #predict} expects). */
    @SuppressWarnings("unchecked")
    static CompiledForest of(Model<Label> model, List<String> names) {
        List<Model<Label>> members = ((EnsembleModel<Label>) model).getModels();
        CompiledForest forest = new CompiledForest(members.size());
        for (int t = 0; t < members.size(); t++) {
            TreeModel<Label> tree = (TreeModel<Label>) members.get(t);
            List<Node<Label>> nodes = new ArrayList<>();
            collect(tree.getRoot(), nodes);
            int n = nodes.size();
            forest.column[t] = new int[n];
            forest.split[t] = new double[n];
            forest.greater[t] = new int[n];
            forest.lessOrEqual[t] = new int[n];
            forest.churned[t] = new double[n];
            forest.total[t] = new double[n];
            ImmutableFeatureMap features = tree.getFeatureIDMap();
            for (int i = 0; i < n; i++) {
                Node<Label> node = nodes.get(i);
                if (node.isLeaf()) {
                    forest.column[t][i] = -1;
                    Map<String, Label> distribution = ((LeafNode<Label>) node).getDistribution();
                    Label churn = distribution.get(Forest.CHURNED);
                    forest.churned[t][i] = churn == null ? 0 : churn.getScore();
                    forest.total[t][i] = distribution.values().stream().mapToDouble(Label::getScore).sum();
                } else {
                    SplitNode<Label> s = (SplitNode<Label>) node;
                    int column = names.indexOf(features.get(s.getFeatureID()).getName());
                    if (column < 0) {
                        throw new IllegalArgumentException("the forest splits on a feature the rows do not have");
                    }
                    forest.column[t][i] = column;
                    forest.split[t][i] = s.splitValue();
                    forest.greater[t][i] = indexOf(nodes, s.getGreaterThan());
                    forest.lessOrEqual[t][i] = indexOf(nodes, s.getLessThanOrEqual());
                }
            }
        }
        return forest;
    }

    /** P(churned) for each row. */
    double[] predict(double[][] rows) {
        double[] p = new double[rows.length];
        for (int r = 0; r < rows.length; r++) {
            double[] row = rows[r];
            double churnSum = 0;
            double sum = 0;
            for (int t = 0; t < column.length; t++) {
                int[] col = column[t];
                int node = 0;
                while (col[node] >= 0) {
                    node = row[col[node]] > split[t][node] ? greater[t][node] : lessOrEqual[t][node];
                }
                churnSum += churned[t][node];
                sum += total[t][node];
            }
            p[r] = sum == 0 ? 0 : churnSum / sum;
        }
        return p;
    }

    /** Pre-order: the root is node 0. */
    private static void collect(Node<Label> node, List<Node<Label>> into) {
        into.add(node);
        if (!node.isLeaf()) {
            SplitNode<Label> s = (SplitNode<Label>) node;
            collect(s.getGreaterThan(), into);
            collect(s.getLessThanOrEqual(), into);
        }
    }

    private static int indexOf(List<Node<Label>> nodes, Node<Label> node) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == node) {
                return i;
            }
        }
        throw new IllegalStateException("node not collected");
    }
}
