package id.lapor.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP Basic for the API, users from the environment: ADMIN (everything), OPS (read complaints,
 * quarantine, metrics, health details), CLERK (letter uploads, later). Unauthenticated calls get
 * 401 problem+json and never data; /actuator/health answers everyone but shows details to OPS only.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(8);
    }

    @Bean
    UserDetailsService users(GatewayProperties props, PasswordEncoder encoder) {
        GatewayProperties.Security s = props.security();
        if (!s.admin().enabled() && !s.ops().enabled()) {
            throw new IllegalStateException("No API user has a password: set GATEWAY_SECURITY_ADMIN_PASSWORD "
                    + "(and GATEWAY_SECURITY_OPS_PASSWORD for ops), or try the demo (bin/demo)");
        }
        List<UserDetails> users = new ArrayList<>();
        if (s.admin().enabled()) users.add(user(s.admin(), encoder, "ADMIN", "OPS", "CLERK"));
        if (s.ops().enabled()) users.add(user(s.ops(), encoder, "OPS"));
        if (s.clerk().enabled()) users.add(user(s.clerk(), encoder, "CLERK"));
        return new InMemoryUserDetailsManager(users);
    }

    private static UserDetails user(GatewayProperties.User u, PasswordEncoder encoder, String... roles) {
        return User.withUsername(u.username()).password(encoder.encode(u.password())).roles(roles).build();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper mapper) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(b -> b.authenticationEntryPoint((req, res, e) ->
                        problem(res, mapper, HttpStatus.UNAUTHORIZED, "Authentication required",
                                "Send HTTP Basic credentials of a gateway user.", req.getRequestURI())))
                .exceptionHandling(x -> x
                        .authenticationEntryPoint((req, res, e) -> {
                            res.setHeader("WWW-Authenticate", "Basic realm=\"lapor-gateway\"");
                            problem(res, mapper, HttpStatus.UNAUTHORIZED, "Authentication required",
                                    "Send HTTP Basic credentials of a gateway user.", req.getRequestURI());
                        })
                        .accessDeniedHandler((req, res, e) -> problem(res, mapper, HttpStatus.FORBIDDEN, "Forbidden",
                                "Your role may not do this.", req.getRequestURI())))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness").permitAll()
                        .requestMatchers("/actuator/**").hasRole("OPS")
                        // the API's OpenAPI document and Swagger UI (ops.ApiDocs), behind this chain's HTTP Basic
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").hasRole("OPS")
                        .requestMatchers(HttpMethod.POST, "/api/complaints/*/forward").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/quarantine/*/replay").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/quarantine/*/raw").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/social/reports").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/letters").hasAnyRole("CLERK", "ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("OPS")
                        // chat platforms' webhooks authenticate each request themselves (secret token, signature)
                        .requestMatchers("/webhooks/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().hasRole("ADMIN"));
        return http.build();
    }

    /**
     * A request Spring Security's firewall refuses ({@code /api/complaints/../x}, {@code %2e%2e}, {@code ;jsessionid=}):
     * 400 problem+json on {@code /api/**} as every API error; it answered Spring Boot's own JSON error body
     * ({@code timestamp, error, path}) before. Other paths keep the default (the error page).
     */
    @Bean
    org.springframework.security.web.firewall.RequestRejectedHandler requestRejected(ObjectMapper mapper) {
        return (req, res, e) -> {
            String path = req.getRequestURI();
            if (path == null || !(path.startsWith("/api/") || path.equals("/api"))) throw e;
            problem(res, mapper, HttpStatus.BAD_REQUEST, "Bad request",
                    "the path is refused: it holds '..', an encoded '.' or '/', ';' or another character a path may not have",
                    null);
        };
    }

    static void problem(HttpServletResponse res, ObjectMapper mapper, HttpStatus status, String title, String detail,
                        String instance) throws IOException {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setTitle(title);
        // the request path is not echoed: it may carry a ticket the caller has no right to confirm
        res.setStatus(status.value());
        res.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        mapper.writeValue(res.getOutputStream(), p);
    }
}
