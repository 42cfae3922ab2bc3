package id.lapor.gateway.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.time.Clock;

/** Wiring of the audit log, which the console and the REST API both write ({@link AuditLog}). */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    /** The one audit log (table {@code console_audit}). */
    @Bean
    AuditLog auditLog(NamedParameterJdbcTemplate jdbc, Clock clock) {
        return new AuditLog(jdbc, clock);
    }
}
