package id.lapor.gateway.config;

import id.lapor.gateway.forward.LaporProperties;
import id.lapor.gateway.simulator.LaporSimulator;
import id.lapor.gateway.simulator.SimulatorFaults;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.time.Clock;

/** Demo mode: the LAPOR! simulator runs inside the gateway on gateway.simulator.port. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "gateway.simulator.enabled", havingValue = "true")
public class SimulatorConfiguration {

    @Bean(destroyMethod = "close")
    LaporSimulator laporSimulator(GatewayProperties props, LaporProperties lapor, Clock clock) throws IOException {
        return new LaporSimulator(props.simulator().port(), lapor.bearer(), lapor.token(), lapor.baseUrl().getPath(),
                props.simulator().statusStep(), SimulatorFaults.none(), clock);
    }
}
