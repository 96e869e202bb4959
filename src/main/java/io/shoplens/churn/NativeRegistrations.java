package io.shoplens.churn;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a native image needs for Tribuo, which ships no native metadata: every class of a serialised forest (the list
 * NativeRegistrationTest checks against a real one) and the trainers whose configuration Tribuo's provenance reads
 * by reflection. Registered for serialisation as well as reflection, since models are stored with Java serialisation.
 */
@RegisterForReflection(serialization = true, classNames = {
        "com.oracle.labs.mlrg.olcut.provenance.ListProvenance",
        "com.oracle.labs.mlrg.olcut.provenance.MapProvenance",
        "com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl",
        "com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance",
        "com.oracle.labs.mlrg.olcut.provenance.primitives.BooleanProvenance",
        "com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance",
        "com.oracle.labs.mlrg.olcut.provenance.primitives.FloatProvenance",
        "com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance",
        "com.oracle.labs.mlrg.olcut.provenance.primitives.LongProvenance",
        "com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance",
        "com.oracle.labs.mlrg.olcut.util.MutableLong",
        "com.oracle.labs.mlrg.olcut.util.MutableNumber",
        "org.tribuo.FeatureMap",
        "org.tribuo.ImmutableFeatureMap",
        "org.tribuo.Model",
        "org.tribuo.RealIDInfo",
        "org.tribuo.RealInfo",
        "org.tribuo.SkeletalVariableInfo",
        "org.tribuo.SparseModel",
        "org.tribuo.classification.ImmutableLabelInfo",
        "org.tribuo.classification.Label",
        "org.tribuo.classification.LabelFactory",
        "org.tribuo.classification.LabelFactory$LabelFactoryProvenance",
        "org.tribuo.classification.LabelInfo",
        "org.tribuo.classification.dtree.CARTClassificationTrainer",
        "org.tribuo.classification.dtree.impurity.GiniIndex",
        "org.tribuo.classification.ensemble.FullyWeightedVotingCombiner",
        "org.tribuo.common.tree.LeafNode",
        "org.tribuo.common.tree.RandomForestTrainer",
        "org.tribuo.common.tree.SplitNode",
        "org.tribuo.common.tree.TreeModel",
        "org.tribuo.dataset.DatasetView$DatasetViewProvenance",
        "org.tribuo.ensemble.EnsembleModel",
        "org.tribuo.ensemble.WeightedEnsembleModel",
        "org.tribuo.provenance.DatasetProvenance",
        "org.tribuo.provenance.EnsembleModelProvenance",
        "org.tribuo.provenance.ModelProvenance",
        "org.tribuo.provenance.SimpleDataSourceProvenance",
        "org.tribuo.provenance.SkeletalTrainerProvenance",
        "org.tribuo.provenance.impl.TrainerProvenanceImpl" })
final class NativeRegistrations {
    private NativeRegistrations() {
    }
}
