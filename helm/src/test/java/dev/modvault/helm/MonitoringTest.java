package dev.modvault.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modvault.helm.Chart.Rendered;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Prometheus Operator objects (not in fabric8's model: their structure is checked here against the CRDs'
 * required fields), the runbook anchors they link to, and the Grafana dashboard.
 */
class MonitoringTest {

    private static final Set<String> SERVICE_MONITOR_SPEC = Set.of("selector", "namespaceSelector", "endpoints",
            "jobLabel", "targetLabels", "podTargetLabels", "sampleLimit");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("port", "path", "interval", "scrapeTimeout", "scheme",
            "honorLabels", "relabelings", "metricRelabelings", "tlsConfig", "bearerTokenSecret", "basicAuth");
    private static final Set<String> RULE_GROUP_FIELDS = Set.of("name", "rules", "interval", "limit");
    private static final Set<String> RULE_FIELDS = Set.of("alert", "record", "expr", "for", "keep_firing_for",
            "labels", "annotations");

    /** alert -> a metric its expression must read */
    private static final Map<String, String> ALERTS = Map.of(
            "ModvaultUpstreamErrorRate", "modvault_upstream_fetches_total",
            "ModvaultChecksumMismatch", "modvault_checksum_failures_total",
            "ModvaultHigh5xxRate", "modvault_requests_seconds_count",
            "ModvaultAuditEventsDropped", "modvault_audit_dropped_total",
            "ModvaultHighLatencyP99", "modvault_requests_seconds_bucket");

    private static final List<String> DASHBOARD_METRICS = List.of("modvault_requests_seconds",
            "modvault_cache_requests_total", "modvault_bytes_served_total", "modvault_upstream_fetches_total",
            "modvault_upstream_fetch_seconds", "modvault_singleflight_joins_total", "modvault_checksum_failures_total",
            "modvault_policy_denials_total", "modvault_storage_operations_seconds_count", "modvault_audit_queue_depth",
            "modvault_audit_dropped_total", "jvm_memory_used_bytes", "jvm_gc_pause_seconds");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void serviceMonitorScrapesTheActuatorThroughTheService() {
        Rendered rendered = Chart.render("observability");
        GenericKubernetesResource monitor = rendered.operatorResource("ServiceMonitor");
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, Object> spec = map(monitor.getAdditionalProperties().get("spec"));
        assertThat(monitor.getAdditionalProperties()).containsOnlyKeys("spec");
        assertThat(spec).containsKeys("selector", "endpoints");
        assertThat(SERVICE_MONITOR_SPEC).containsAll(spec.keySet());

        Service service = rendered.one(Service.class);
        Map<String, Object> matchLabels = map(map(spec.get("selector")).get("matchLabels"));
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(strings(matchLabels));
        assertThat(map(spec.get("namespaceSelector")).get("matchNames")).isEqualTo(List.of(Chart.NAMESPACE));

        List<Object> endpoints = list(spec.get("endpoints"));
        assertThat(endpoints).singleElement().satisfies(e -> {
            Map<String, Object> endpoint = map(e);
            assertThat(ENDPOINT_FIELDS).containsAll(endpoint.keySet());
            assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
            assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).contains("http");
            assertThat((String) endpoint.get("interval")).matches("[0-9]+[smh]");
        });
    }

    @Test
    void prometheusRuleHasTheAlertsEachWithARunbook() {
        GenericKubernetesResource rule = Chart.render("observability").operatorResource("PrometheusRule");
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getAdditionalProperties()).containsOnlyKeys("spec");
        Map<String, Object> spec = map(rule.getAdditionalProperties().get("spec"));
        assertThat(spec).containsOnlyKeys("groups");

        Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
        for (Object g : list(spec.get("groups"))) {
            Map<String, Object> group = map(g);
            assertThat(RULE_GROUP_FIELDS).containsAll(group.keySet());
            assertThat(group.get("name")).isInstanceOf(String.class);
            for (Object r : list(group.get("rules"))) {
                Map<String, Object> alert = map(r);
                assertThat(RULE_FIELDS).containsAll(alert.keySet());
                assertThat(alert).containsKeys("alert", "expr", "labels", "annotations").doesNotContainKey("record");
                alerts.put((String) alert.get("alert"), alert);
            }
        }
        assertThat(alerts).containsOnlyKeys(ALERTS.keySet());

        Set<String> anchors = markdownAnchors(Chart.readDoc("operations.md"));
        ALERTS.forEach((name, metric) -> {
            Map<String, Object> alert = alerts.get(name);
            String expr = (String) alert.get("expr");
            assertThat(expr).as(name).contains(metric).contains("namespace=\"goproxy\"").contains("job=\"mv-modvault\"");
            assertBalanced(name, expr);
            if (alert.containsKey("for")) {
                assertThat((String) alert.get("for")).matches("[0-9]+[smh]");
            }
            assertThat(map(alert.get("labels")).get("severity")).isIn("warning", "critical");
            Map<String, Object> annotations = map(alert.get("annotations"));
            assertThat(annotations).containsKeys("summary", "description", "runbook_url");
            String runbook = (String) annotations.get("runbook_url");
            assertThat(runbook).startsWith("https://docs.corp.example.com/modvault/operations.md#");
            assertThat(anchors).as("docs/operations.md anchor for %s", name)
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
        });
        assertThat((String) alerts.get("ModvaultUpstreamErrorRate").get("expr")).contains("outcome=\"error\"");
        assertThat((String) alerts.get("ModvaultHigh5xxRate").get("expr")).contains("status=~\"5..\"");
        assertThat((String) alerts.get("ModvaultHighLatencyP99").get("expr")).contains("histogram_quantile(0.99");
    }

    @Test
    void monitoringObjectsAreOffByDefault() {
        Rendered rendered = Chart.render("defaults");
        assertThat(rendered.has("ServiceMonitor")).isFalse();
        assertThat(rendered.has("PrometheusRule")).isFalse();
        assertThat(rendered.has("NetworkPolicy")).isFalse();
        assertThat(rendered.has("Ingress")).isFalse();
        assertThat(rendered.has("HorizontalPodAutoscaler")).isFalse();
    }

    @Test
    void grafanaDashboardChartsEveryMetric() throws Exception {
        JsonNode dashboard = JSON.readTree(Chart.readDoc("grafana/modvault-dashboard.json"));
        assertThat(dashboard.path("title").asString()).isNotBlank();
        assertThat(dashboard.path("uid").asString()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
        List<String> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asString()));
        assertThat(variables).contains("datasource");

        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        Set<Integer> ids = new HashSet<>();
        List<String> exprs = new ArrayList<>();
        for (JsonNode panel : panels) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
            assertThat(panel.path("gridPos").isObject()).as("gridPos of %s", panel.path("title")).isTrue();
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets").isArray() && !panel.path("targets").isEmpty())
                    .as("targets of %s", panel.path("title")).isTrue();
            panel.path("targets").forEach(t -> {
                String expr = t.path("expr").asString();
                assertThat(expr).as("expr in %s", panel.path("title")).isNotBlank();
                assertBalanced(panel.path("title").asString(), expr);
                exprs.add(expr);
            });
        }
        for (String metric : DASHBOARD_METRICS) {
            assertThat(exprs).as("a panel over %s", metric).anyMatch(e -> e.contains(metric));
        }
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens */
    static Set<String> markdownAnchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$").matcher(markdown);
        while (m.find()) {
            anchors.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }

    private static void assertBalanced(String what, String expr) {
        int round = 0;
        int curly = 0;
        int square = 0;
        boolean quoted = false;
        for (char c : expr.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (quoted) {
                continue;
            }
            switch (c) {
                case '(' -> round++;
                case ')' -> round--;
                case '{' -> curly++;
                case '}' -> curly--;
                case '[' -> square++;
                case ']' -> square--;
                default -> { }
            }
            assertThat(round >= 0 && curly >= 0 && square >= 0).as("brackets in %s: %s", what, expr).isTrue();
        }
        assertThat(round == 0 && curly == 0 && square == 0 && !quoted).as("brackets in %s: %s", what, expr).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    private static Map<String, String> strings(Map<String, Object> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
