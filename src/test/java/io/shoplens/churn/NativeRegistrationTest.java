package io.shoplens.churn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.classification.Label;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.shoplens.frame.CustomerBehaviour;

/**
 * A native image deserialises only the classes registered for it. This trains a real forest, records every class
 * its serialised form contains, and checks that each is registered, so a Tribuo upgrade that adds one fails here
 * rather than in production.
 */
class NativeRegistrationTest {

    static final class RecordingStream extends ObjectOutputStream {
        final Set<String> classes = new TreeSet<>();

        RecordingStream() throws IOException {
            super(new ByteArrayOutputStream());
        }

        @Override
        protected void annotateClass(Class<?> type) {
            classes.add(type.getName());
        }
    }

    static Model<Label> smallForest() {
        List<String> names = Snapshot.featureNames(List.of("France", "Germany"));
        SplittableRandom random = new SplittableRandom(3);
        int rows = 300;
        double[][] features = new double[rows][names.size()];
        boolean[] churned = new boolean[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < names.size(); j++) {
                features[i][j] = random.nextDouble(100);
            }
            churned[i] = features[i][0] + random.nextDouble(40) > 60;
        }
        Instant cutoff = Instant.parse("2025-01-01T00:00:00Z");
        CustomerBehaviour anyone = new CustomerBehaviour("c", "France", 1, BigDecimal.TEN, BigDecimal.ZERO, 0, 1,
                cutoff, cutoff, 0, 0, 0, 0, 1);
        Snapshot snapshot = new Snapshot(cutoff, Collections.nCopies(rows, anyone), features, churned);
        return Forest.train(names, snapshot, new TestForest(4));
    }

    @Test
    void everyClassInASerialisedForestIsRegisteredForSerialisation() throws IOException {
        Model<Label> forest = smallForest();
        Set<String> inStream;
        try (RecordingStream out = new RecordingStream()) {
            out.writeObject(forest);
            inStream = out.classes;
        }
        RegisterForReflection registration = NativeRegistrations.class.getAnnotation(RegisterForReflection.class);
        assertTrue(registration.serialization(), "registered for serialisation, not only reflection");
        Set<String> registered = Arrays.stream(registration.targets()).map(Class::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        registered.addAll(Arrays.asList(registration.classNames()));
        Set<String> missing = new TreeSet<>(inStream);
        missing.removeIf(name -> registered.contains(name) || name.startsWith("java.") || name.startsWith("["));
        assertEquals(Set.of(), missing, "classes a native image could not deserialise");
    }
}
