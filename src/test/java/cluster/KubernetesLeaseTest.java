package cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import base.OwnMetrics;
import base.Settings;
import base.StateDb;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLUSTER_SERVICE=kubernetes against the fabric8 Kubernetes mock server in CRUD mode (it stores
 * the Pods and the Lease as an API server would): the settings of application.properties build
 * Camel's KubernetesClusterService, one of two replicas takes the Lease and runs the job route,
 * and the other takes over when the leader's pod goes away.
 */
class KubernetesLeaseTest {
    static final String NAMESPACE = "echopilot-ha";

    @TempDir
    java.nio.file.Path home;
    KubernetesMockServer server;
    NamespacedKubernetesClient client;
    final List<CamelContext> replicas = new java.util.ArrayList<>();
    final List<StateDb> dbs = new java.util.ArrayList<>();

    @BeforeEach
    void startApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        // how the fabric8 client finds an API server outside a cluster (KUBERNETES_MASTER in the environment);
        // Camel 4.18's KubernetesClusterService ignores its own masterUrl option when built by class name
        System.setProperty("kubernetes.master", client.getMasterUrl().toString());
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        for (String pod : List.of("pod-a", "pod-b")) {
            client.pods().inNamespace(NAMESPACE).resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace(NAMESPACE)
                    .addToLabels("app", "echopilot").endMetadata().withNewStatus().withPhase("Running")
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        }
    }

    @AfterEach
    void stop() {
        replicas.forEach(CamelContext::stop);
        dbs.forEach(StateDb::close);
        client.close();
        server.destroy();
        List.of("kubernetes.master", "kubernetes.auth.tryKubeConfig", "kubernetes.auth.tryServiceAccount").forEach(System::clearProperty);
    }

    /** A replica's job side, wired as the daemon wires it (ClusterMode), with a timer route under "leaderOnly". */
    record Replica(CamelContext context, ClusterView view, AtomicInteger runs) {
        String role() {
            return view.status().role();
        }
    }

    private Replica replica(String pod) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        Properties env = new Properties();
        env.put("CLUSTER_SERVICE", "kubernetes");
        env.put("CLUSTER_NODE_ID", pod);
        env.put("CLUSTER_OPTIONS", "kubernetesResourcesNamespace=" + NAMESPACE + "&clusterLabels[app]=echopilot");
        context.getPropertiesComponent().setOverrideProperties(env);
        Settings s = Settings.of(context);
        // the members table on a scratch SQLite file: this test is about the Lease, not the database
        StateDb db = new StateDb("jdbc:sqlite:" + home.resolve(pod + ".db"));
        dbs.add(db);
        ClusterMode.bind(context, s, ClusterSettings.from(s, "jdbc:postgresql://db.example/echopilot"), db, false, Clock.systemUTC(),
                OwnMetrics.in(context.getRegistry()));
        AtomicInteger runs = new AtomicInteger();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:job?period=200").routeId("job").routePolicyRef("leaderOnly").process(e -> runs.incrementAndGet());
            }
        });
        context.start();
        replicas.add(context);
        return new Replica(context, context.getRegistry().lookupByNameAndType("clusterView", ClusterView.class), runs);
    }

    private Lease lease() {
        return client.leases().inNamespace(NAMESPACE).list().getItems().stream().findFirst().orElse(null);
    }

    @Test
    void one_pod_takes_the_lease_and_runs_the_jobs_and_the_other_takes_over_when_its_pod_goes() throws Exception {
        Replica a = replica("pod-a");
        Replica b = replica("pod-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> a.role().equals("leader") != b.role().equals("leader")
                && (a.runs().get() > 0 || b.runs().get() > 0));
        Replica leader = a.role().equals("leader") ? a : b;
        Replica follower = leader == a ? b : a;
        assertThat(lease()).as("a coordination.k8s.io Lease in the pods' namespace").isNotNull();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader.view().status().nodeId());
        assertThat(follower.runs().get()).as("the follower's job route never starts").isZero();

        // a killed pod leaves the members (the Ready pods with the cluster labels): Camel's Lease is
        // valid while its holder is one of them, so the other pod takes it and leads one lease later
        leader.context().stop();
        client.pods().inNamespace(NAMESPACE).withName(leader.view().status().nodeId()).delete();
        await().atMost(Duration.ofSeconds(20)).until(() -> follower.role().equals("leader") && follower.runs().get() > 0);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(follower.view().status().nodeId());
    }
}
