package io.shoplens.common;

import java.util.Optional;
import java.util.UUID;

/** Names a holder of a lock document that replicas share (the churn training, the live shop, appends). */
public final class ReplicaName {
    private ReplicaName() {
    }

    /**
     * The pod name on Kubernetes (HOSTNAME), made unique per holder: several holders in one JVM (the tests' two
     * "replicas") and a pod restarted under the same name are told apart.
     */
    public static String unique() {
        return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("shoplens") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
