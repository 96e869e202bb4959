package io.shoplens.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The manifest the build generates, read with the fabric8 model, as an operator would apply it. */
class KubernetesManifestIT {
    static final Path MANIFEST = Path.of("target", "kubernetes", "kubernetes.yml");

    /** The YAML holds one document per resource; fabric8 reads such a stream as a list. */
    static List<HasMetadata> resources() throws IOException {
        Object parsed = Serialization.unmarshal(Files.readString(MANIFEST));
        return parsed instanceof KubernetesList list ? list.getItems()
                : ((List<?>) parsed).stream().map(HasMetadata.class::cast).toList();
    }

    static <T extends HasMetadata> T only(Class<T> kind) throws IOException {
        List<T> matching = resources().stream().filter(kind::isInstance).map(kind::cast).toList();
        assertEquals(1, matching.size(), kind.getSimpleName() + "s in the manifest");
        return matching.get(0);
    }

    @Test
    void deploymentHasProbesResourcesSecretsAndTheImage() throws IOException {
        Deployment deployment = only(Deployment.class);
        assertEquals("shoplens", deployment.getMetadata().getName());
        assertEquals(2, deployment.getSpec().getReplicas(), "several replicas");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("docker.io/shoplens/shoplens:1.0.0", container.getImage());
        assertEquals(8080, container.getPorts().get(0).getContainerPort());

        assertProbe(container.getLivenessProbe(), "/q/health/live");
        assertProbe(container.getReadinessProbe(), "/q/health/ready");
        assertProbe(container.getStartupProbe(), "/q/health/started");

        assertEquals("512Mi", container.getResources().getRequests().get("memory").toString());
        assertEquals("2Gi", container.getResources().getLimits().get("memory").toString());
        assertNotNull(container.getResources().getLimits().get("cpu"));

        Map<String, EnvVar> env = container.getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertSecret(env.get("QUARKUS_MONGODB_CONNECTION_STRING"), "mongodb-connection-string");
        assertSecret(env.get("SHOPLENS_ADMIN_PASSWORD"), "admin-password");
        assertEquals("false", env.get("SHOPLENS_SIMULATE_GENERATE_WHEN_EMPTY").getValue(),
                "replicas do not each generate a shop into an empty shared database");
    }

    static void assertProbe(Probe probe, String path) {
        assertNotNull(probe, path);
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals(8080, probe.getHttpGet().getPort().getIntVal());
    }

    static void assertSecret(EnvVar variable, String key) {
        assertNotNull(variable, key);
        assertEquals("shoplens", variable.getValueFrom().getSecretKeyRef().getName());
        assertEquals(key, variable.getValueFrom().getSecretKeyRef().getKey());
        assertEquals(null, variable.getValue(), "no secret value in the manifest");
    }

    @Test
    void serviceRoutesToTheHttpPort() throws IOException {
        Service service = only(Service.class);
        assertEquals(8080, service.getSpec().getPorts().get(0).getTargetPort().getIntVal());
        assertEquals("shoplens", service.getSpec().getSelector().get("app.kubernetes.io/name"));
    }

    @Test
    void theOutputIsIdempotentAndAsksForNoServiceMonitor() throws IOException {
        String yaml = Files.readString(MANIFEST);
        assertFalse(yaml.contains("build-timestamp"), "no timestamp: the same sources give the same manifest");
        assertFalse(yaml.contains("commit-id"), "no commit id");
        assertTrue(resources().stream().noneMatch(r -> r.getKind().equals("ServiceMonitor")));
    }
}
