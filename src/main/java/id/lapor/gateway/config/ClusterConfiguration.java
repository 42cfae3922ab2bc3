package id.lapor.gateway.config;

import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * The cluster service behind {@code master:} routes: a file lock under {@code gateway.cluster.dir}.
 * One node holds the lock and runs the consumer; the others wait and take over when its heartbeat
 * stops. Camel picks the service up from the registry.
 */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    @Bean
    FileLockClusterService gatewayClusterService(GatewayProperties props) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId(props.instance());
        service.setRoot(props.cluster().dir().toAbsolutePath().toString());
        service.setAcquireLockDelay(1);
        service.setAcquireLockDelayUnit(TimeUnit.SECONDS);
        service.setAcquireLockInterval(props.cluster().lockInterval().toMillis());
        service.setAcquireLockIntervalUnit(TimeUnit.MILLISECONDS);
        return service;
    }
}
