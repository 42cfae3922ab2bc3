package id.lapor.gateway.config;

import id.lapor.gateway.cluster.ClusterHealthIndicator;
import id.lapor.gateway.cluster.ClusterType;
import id.lapor.gateway.cluster.JdbcClusterService;
import id.lapor.gateway.cluster.LeaseTimes;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The cluster service behind {@code master:} routes, chosen by {@code gateway.cluster.type}
 * ({@link ClusterType#choose}): a file lock under {@code gateway.cluster.dir} (one host), a lock row in the
 * shared database ({@link JdbcClusterService}), or a Kubernetes Lease per namespace. One node leads each
 * namespace and runs its consumer; the others wait and take over when its lease runs out. Camel picks
 * the service up from the registry. What runs where: docs/ARCHITECTURE.md "Several nodes".
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    @Bean
    CamelClusterService gatewayClusterService(GatewayProperties props, ObjectProvider<DataSource> dataSource,
                                              @Value("${spring.datasource.url:}") String jdbcUrl) {
        GatewayProperties.Cluster cluster = props.cluster();
        return switch (ClusterType.choose(cluster.type(), jdbcUrl)) {
            case FILE -> fileLock(props.instance(), cluster);
            case JDBC -> new JdbcClusterService(props.instance(), dataSource.getObject(), leaseTimes(cluster),
                    jdbcUrl.startsWith("jdbc:postgresql:"), Clock.systemUTC());
            case KUBERNETES -> kubernetes(props.instance(), cluster);
        };
    }

    @Bean("cluster")
    ClusterHealthIndicator clusterHealthIndicator(CamelClusterService service, ObjectProvider<CamelContext> camel) {
        return new ClusterHealthIndicator(service, camel::getObject);
    }

    private static LeaseTimes leaseTimes(GatewayProperties.Cluster cluster) {
        return new LeaseTimes(cluster.lease(), cluster.renew());
    }

    private static FileLockClusterService fileLock(String instance, GatewayProperties.Cluster cluster) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(instance);
        service.setRoot(cluster.dir().toAbsolutePath().toString());
        service.setAcquireLockDelay(1);
        service.setAcquireLockDelayUnit(TimeUnit.SECONDS);
        service.setAcquireLockInterval(cluster.lockInterval().toMillis());
        service.setAcquireLockIntervalUnit(TimeUnit.MILLISECONDS);
        return service;
    }

    /**
     * camel-kubernetes' Lease election with the same lease arithmetic as the JDBC one: Lease
     * {@code <lease-prefix>-<namespace>}, lease duration {@code lease}, renew deadline (after which the
     * leader stops its consumers) {@code lease − 2 × renew}, attempts every {@code renew}.
     *
     * @param instance this pod's name ({@code gateway.instance}, HOSTNAME in a pod)
     * @param cluster  {@code gateway.cluster}
     * @return the service, not started (Camel starts it)
     */
    public static KubernetesClusterService kubernetes(String instance, GatewayProperties.Cluster cluster) {
        LeaseTimes times = leaseTimes(cluster);
        GatewayProperties.Kubernetes k8s = cluster.kubernetes();
        // the client settings go in a KubernetesConfiguration: with the no-argument constructor, camel-kubernetes
        // 4.18 ignores setMasterUrl/setNamespace (its doInit copies them only into a given configuration)
        KubernetesConfiguration client = new KubernetesConfiguration();
        if (k8s.masterUrl() != null && !k8s.masterUrl().isBlank()) client.setMasterUrl(k8s.masterUrl());
        if (k8s.namespace() != null && !k8s.namespace().isBlank()) client.setNamespace(k8s.namespace());
        KubernetesClusterService service = new KubernetesClusterService(client);
        service.setId(instance);
        service.setPodName(instance);
        service.setLeaseResourceType(LeaseResourceType.Lease);
        service.setKubernetesResourceName(k8s.leasePrefix());
        if (k8s.namespace() != null && !k8s.namespace().isBlank()) {
            service.setKubernetesResourcesNamespace(k8s.namespace());
        }
        service.setClusterLabels(k8s.podLabels());
        service.setLeaseDurationMillis(times.lease().toMillis());
        service.setRenewDeadlineMillis(times.giveUpAfter().toMillis());
        service.setRetryPeriodMillis(times.renew().toMillis());
        return service;
    }
}
