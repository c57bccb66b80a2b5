package cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import base.ConfigException;
import base.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** CLUSTER_* as application.properties maps them: what starts, and the one line for what cannot. */
class ClusterSettingsTest {
    static final String POSTGRES = "jdbc:postgresql://db.example:5432/echopilot?user=echopilot&password=s3cret";

    private static CamelContext context(String... keyValues) {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        Properties env = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setOverrideProperties(env);
        return context;
    }

    @Test
    void none_is_the_default_and_the_node_id_is_host_name_and_pid() {
        ClusterSettings s = ClusterSettings.from(Settings.of(context()), "jdbc:sqlite:data/echopilot.db");
        assertThat(s.clustered()).isFalse();
        assertThat(s.nodeId()).endsWith("-" + ProcessHandle.current().pid());
        assertThat(s.liveFor()).hasSeconds(15);
    }

    @Test
    void a_cluster_backend_on_sqlite_is_refused_naming_what_to_set() {
        assertThatThrownBy(() -> ClusterSettings.from(Settings.of(context("CLUSTER_SERVICE", "kubernetes")), "jdbc:sqlite:data/echopilot.db"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("CLUSTER_SERVICE: 'kubernetes' needs a PostgreSQL DB_URL (jdbc:postgresql://...) that every replica shares;"
                        + " DB_URL is jdbc:sqlite: which one process alone may use. Set DB_URL, or CLUSTER_SERVICE=none for a single node");
    }

    @Test
    void the_file_backend_needs_its_shared_folder() {
        assertThatThrownBy(() -> ClusterSettings.from(Settings.of(context("CLUSTER_SERVICE", "file")), POSTGRES))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("CLUSTER_FILE_ROOT: is empty");
    }

    @Test
    void the_file_backend_takes_its_defaults_from_the_properties_and_cluster_options_over_them() {
        CamelContext context = context("CLUSTER_SERVICE", "file", "CLUSTER_FILE_ROOT", "/shared/echopilot", "CLUSTER_NODE_ID", "host-a",
                "CLUSTER_OPTIONS", "acquireLockInterval=3");
        Settings s = Settings.of(context);
        FileLockClusterService service = (FileLockClusterService) ClusterServices.create(context, s, ClusterSettings.from(s, POSTGRES));
        assertThat(service.getId()).isEqualTo("host-a");
        assertThat(service.getRoot()).isEqualTo("/shared/echopilot");
        assertThat(service.getAcquireLockInterval()).isEqualTo(3);
        assertThat(service.getHeartbeatTimeoutMultiplier()).isEqualTo(3);
    }

    @Test
    void the_kubernetes_backend_names_the_pod_by_the_node_id_and_takes_the_example_deployments_labels() {
        CamelContext context = context("CLUSTER_SERVICE", "kubernetes", "CLUSTER_NODE_ID", "echopilot-7d9c-x2",
                "CLUSTER_OPTIONS", "clusterLabels[app.kubernetes.io/name]=echopilot");
        Settings s = Settings.of(context);
        KubernetesClusterService service = (KubernetesClusterService) ClusterServices.create(context, s, ClusterSettings.from(s, POSTGRES));
        assertThat(service.getPodName()).isEqualTo("echopilot-7d9c-x2");
        assertThat(service.getClusterLabels()).containsExactly(java.util.Map.entry("app.kubernetes.io/name", "echopilot"));
        assertThat(service.getLeaseResourceType()).isEqualTo(LeaseResourceType.Lease);
        assertThat(service.getLeaseDurationMillis()).isEqualTo(5000);
    }

    @Test
    void a_backend_that_is_not_on_the_class_path_says_to_add_its_dependency() {
        CamelContext context = context("CLUSTER_SERVICE", "org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService");
        Settings s = Settings.of(context);
        assertThatThrownBy(() -> ClusterServices.create(context, s, ClusterSettings.from(s, POSTGRES)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ZooKeeperClusterService is not on the class path; add the Camel component");
    }

    @Test
    void an_unknown_name_and_an_unknown_option_are_refused() {
        CamelContext unknown = context("CLUSTER_SERVICE", "etcd");
        Settings s = Settings.of(unknown);
        assertThatThrownBy(() -> ClusterServices.create(unknown, s, ClusterSettings.from(s, POSTGRES)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("CLUSTER_SERVICE: 'etcd' is not none, file, kubernetes");
        CamelContext typo = context("CLUSTER_SERVICE", "file", "CLUSTER_FILE_ROOT", "/shared", "CLUSTER_OPTIONS", "acquireLockIntervall=3");
        Settings t = Settings.of(typo);
        assertThatThrownBy(() -> ClusterServices.create(typo, t, ClusterSettings.from(t, POSTGRES)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("CLUSTER_OPTIONS: cannot configure")
                .hasMessageContaining("acquireLockIntervall");
    }
}
