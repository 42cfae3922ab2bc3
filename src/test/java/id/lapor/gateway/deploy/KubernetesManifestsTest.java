package id.lapor.gateway.deploy;

import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/kubernetes/ checked against the application (issue #19 part 5): every manifest parses; the Deployment
 * runs 3 replicas whose labels the PodDisruptionBudget and the Service select; every probe path is an actuator
 * health group of application.yaml on the port the server listens on, and answers UP without credentials on the
 * running gateway; every environment variable the Deployment sets is one the configuration reads (a
 * {@code ${NAME}} placeholder or, by Spring's relaxed binding, a configured property) and every secret the
 * configuration reads comes from the Secret, never a plain value; the ConfigMap holds every channel-config file as
 * it is; the ServiceAccount may use Leases.
 */
@GatewayIntegrationTest
class KubernetesManifestsTest {

    private static final Path DIR = Path.of("deploy", "kubernetes");
    /** Environment variables the configuration reads that hold secrets (by their name). */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|BEARER|_KEY)$");
    /**
     * Read by gateway.cluster.* of #19 parts 1, 2 and 4 (branch wt-cluster: {@code type: ${GATEWAY_CLUSTER_TYPE:}},
     * {@code kubernetes.namespace: ${GATEWAY_CLUSTER_KUBERNETES_NAMESPACE:}}); in application.yaml once merged.
     */
    private static final Map<String, List<Map<String, Object>>> BY_KIND = new HashMap<>();
    private static Map<String, Object> application;
    private static Set<String> placeholders;
    private static Set<String> propertyKeys;

    @Autowired TestRestTemplate http;

    @BeforeAll
    static void load() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("deployment.yaml", "pdb.yaml", "rbac.yaml", "service.yaml", "channel-config.yaml", "kustomization.yaml");
        for (Path f : files) {
            try (Reader r = Files.newBufferedReader(f)) {
                for (Object doc : new Yaml().loadAll(r)) {
                    Map<String, Object> m = map(doc);
                    assertThat(m).as(f + " document").containsKeys("apiVersion", "kind");
                    BY_KIND.computeIfAbsent(String.valueOf(m.get("kind")), k -> new ArrayList<>()).add(m);
                }
            }
        }
        application = map(new Yaml().load(Files.readString(Path.of("src/main/resources/application.yaml"))));
        placeholders = new TreeSet<>();
        propertyKeys = new TreeSet<>();
        List<Path> config = new ArrayList<>(List.of(Path.of("src/main/resources/application.yaml")));
        config.addAll(channelConfigFiles());
        for (Path p : config) {
            String text = Files.readString(p);
            Matcher m = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)").matcher(text);
            while (m.find()) placeholders.add(m.group(1));
            flatten("", new Yaml().load(text), propertyKeys);
        }
    }

    @Test
    void deploymentRunsThreeReplicasThatTheBudgetAndTheServiceSelect() {
        Map<String, Object> deployment = one("Deployment");
        Map<String, Object> spec = map(deployment.get("spec"));
        assertThat(spec.get("replicas")).isEqualTo(3);
        Map<String, Object> podLabels = map(map(map(spec.get("template")).get("metadata")).get("labels"));
        Map<String, Object> selector = map(map(spec.get("selector")).get("matchLabels"));
        assertThat(podLabels).containsAllEntriesOf(selector);
        // the cluster service (wt-cluster's gateway.cluster.kubernetes.pod-labels) finds the members by app=lapor-gateway
        assertThat(podLabels).containsEntry("app", "lapor-gateway");

        Map<String, Object> pdb = one("PodDisruptionBudget");
        Map<String, Object> pdbSelector = map(map(map(pdb.get("spec")).get("selector")).get("matchLabels"));
        assertThat(pdbSelector).isNotEmpty();
        assertThat(podLabels).containsAllEntriesOf(pdbSelector);
        assertThat(((Number) map(pdb.get("spec")).get("minAvailable")).intValue()).isBetween(1, 2);

        Map<String, Object> service = one("Service");
        assertThat(podLabels).containsAllEntriesOf(map(map(service.get("spec")).get("selector")));
        Object targetPort = map(list(map(service.get("spec")).get("ports")).get(0)).get("targetPort");
        assertThat(containerPorts()).containsKey(String.valueOf(targetPort));
    }

    @Test
    void probesAreActuatorHealthGroupsOnTheServerPortAndAnswerUp() {
        Map<String, Object> health = map(map(map(application.get("management")).get("endpoint")).get("health"));
        assertThat(map(health.get("probes")).get("enabled")).isEqualTo(true);
        Set<String> groups = map(health.get("group")).keySet();
        Object serverPort = map(application.get("server")).get("port");
        Object managementServer = map(application.get("management")).get("server");
        int appPort = ((Number) (managementServer == null ? serverPort : map(managementServer).get("port"))).intValue();

        Map<String, Object> container = container();
        List<String> paths = new ArrayList<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
            String path = String.valueOf(get.get("path"));
            assertThat(path).as(probe).startsWith("/actuator/health/");
            assertThat(groups).as(probe + " " + path + " is a health group of application.yaml").contains(path.substring("/actuator/health/".length()));
            Object port = get.get("port");
            int number = port instanceof Number n ? n.intValue() : containerPorts().getOrDefault(String.valueOf(port), -1);
            assertThat(number).as(probe + " port " + port).isEqualTo(appPort);
            paths.add(path);
        }
        assertThat(paths).contains("/actuator/health/liveness", "/actuator/health/readiness");
        for (String path : new HashSet<>(paths)) {
            ResponseEntity<String> r = http.getForEntity(path, String.class);
            assertThat(r.getStatusCode()).as(path + " without credentials").isEqualTo(HttpStatus.OK);
            assertThat(r.getBody()).as(path).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void everyVariableIsReadByTheConfigurationAndEverySecretComesFromTheSecret() {
        Map<String, Map<String, Object>> env = new TreeMap<>();
        for (Object e : list(container().get("env"))) env.put(String.valueOf(map(e).get("name")), map(e));
        assertThat(env).isNotEmpty();
        for (String name : env.keySet()) {
            boolean read = placeholders.contains(name) || propertyKeys.contains(relaxed(name));
            assertThat(read).as(name + " is read by application.yaml or channel-config (placeholder or relaxed binding)").isTrue();
        }

        Map<String, Object> exampleSecret = map(one("Secret").get("stringData"));
        String secretName = String.valueOf(map(one("Secret").get("metadata")).get("name"));
        Set<String> secrets = new TreeSet<>();
        placeholders.stream().filter(n -> SECRET_NAME.matcher(n).matches()).forEach(secrets::add);
        secrets.add("SPRING_DATASOURCE_PASSWORD");
        for (String s : secrets) {
            assertThat(env).as("the Deployment sets " + s).containsKey(s);
            Map<String, Object> ref = map(map(env.get(s).get("valueFrom")).get("secretKeyRef"));
            assertThat(ref).as(s + " comes from a Secret, not a plain value").isNotEmpty();
            assertThat(ref.get("name")).isEqualTo(secretName);
            assertThat(exampleSecret).as("secret.example.yaml names " + ref.get("key")).containsKey(String.valueOf(ref.get("key")));
        }
        for (Map.Entry<String, Map<String, Object>> e : env.entrySet()) {
            if (e.getValue().containsKey("value")) {
                assertThat(SECRET_NAME.matcher(e.getKey()).matches()).as(e.getKey() + " is a secret set as a plain value").isFalse();
            }
        }
    }

    @Test
    void theConfigMapHoldsEveryChannelConfigFileAsItIs() throws IOException {
        Map<String, Object> data = map(one("ConfigMap").get("data"));
        Map<String, String> files = new TreeMap<>();
        for (Path p : channelConfigFiles()) files.put(p.getFileName().toString(), Files.readString(p));
        assertThat(new TreeSet<>(data.keySet())).isEqualTo(files.keySet());
        for (Map.Entry<String, String> f : files.entrySet()) {
            assertThat(data.get(f.getKey())).as("deploy/kubernetes/channel-config.yaml holds channel-config/" + f.getKey()
                    + " as it is now (regenerate it with the command in its header)").isEqualTo(f.getValue());
        }
        String configDir = null;
        for (Object e : list(container().get("env"))) {
            if ("GATEWAY_CONFIG_DIR".equals(map(e).get("name"))) configDir = String.valueOf(map(e).get("value"));
        }
        String configMapName = String.valueOf(map(one("ConfigMap").get("metadata")).get("name"));
        String volume = null;
        for (Object v : list(podSpec().get("volumes"))) {
            if (map(v).containsKey("configMap") && configMapName.equals(map(map(v).get("configMap")).get("name"))) volume = String.valueOf(map(v).get("name"));
        }
        assertThat(volume).as("a volume of the ConfigMap").isNotNull();
        boolean mounted = false;
        for (Object m : list(container().get("volumeMounts"))) {
            if (volume.equals(map(m).get("name")) && String.valueOf(map(m).get("mountPath")).equals(configDir)) mounted = true;
        }
        assertThat(mounted).as("the ConfigMap is mounted at GATEWAY_CONFIG_DIR " + configDir).isTrue();
    }

    @Test
    void theServiceAccountMayUseLeases() {
        String account = String.valueOf(podSpec().get("serviceAccountName"));
        assertThat(BY_KIND.get("ServiceAccount")).extracting(sa -> map(sa.get("metadata")).get("name")).contains(account);
        Map<String, Object> binding = one("RoleBinding");
        assertThat(list(binding.get("subjects"))).anySatisfy(s -> assertThat(map(s)).containsEntry("kind", "ServiceAccount").containsEntry("name", account));
        Map<String, Object> role = one("Role");
        assertThat(map(binding.get("roleRef")).get("name")).isEqualTo(map(role.get("metadata")).get("name"));
        assertThat(list(role.get("rules"))).anySatisfy(r -> {
            assertThat(list(map(r).get("apiGroups"))).contains("coordination.k8s.io");
            assertThat(list(map(r).get("resources"))).contains("leases");
            assertThat(list(map(r).get("verbs"))).contains("get", "create", "update");
        });
    }

    // ---------------------------------------------------------------- helpers

    /** {@code SPRING_DATASOURCE_URL} -> {@code springdatasourceurl}: Spring's relaxed binding of an environment variable. */
    private static String relaxed(String envName) {
        return envName.toLowerCase(Locale.ROOT).replace("_", "");
    }

    private static void flatten(String prefix, Object node, Set<String> out) {
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) flatten(prefix + e.getKey() + ".", e.getValue(), out);
        } else if (!prefix.isEmpty()) {
            out.add(prefix.substring(0, prefix.length() - 1).toLowerCase(Locale.ROOT).replace("-", "").replace(".", ""));
        }
    }

    private static List<Path> channelConfigFiles() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("channel-config"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Map<String, Object> one(String kind) {
        List<Map<String, Object>> docs = BY_KIND.getOrDefault(kind, List.of());
        assertThat(docs).as("one " + kind).hasSize(1);
        return docs.get(0);
    }

    private static Map<String, Object> podSpec() {
        return map(map(map(one("Deployment").get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> container() {
        return map(list(podSpec().get("containers")).get(0));
    }

    private static Map<String, Integer> containerPorts() {
        Map<String, Integer> ports = new HashMap<>();
        for (Object p : list(container().get("ports"))) {
            ports.put(String.valueOf(map(p).get("name")), ((Number) map(p).get("containerPort")).intValue());
        }
        return ports;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
