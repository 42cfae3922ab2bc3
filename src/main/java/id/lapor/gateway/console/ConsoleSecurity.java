package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The console's own security filter chain, apart from the REST API's HTTP Basic chain
 * ({@code config.SecurityConfiguration}): it applies only to {@link #PATHS}, so {@code /api/**},
 * {@code /actuator/**} and {@code /webhooks/**} stay with the API chain exactly as they were.
 * Form login on an Indonesian page, a session per browser (timeout: {@code server.servlet.session.timeout}),
 * CSRF tokens on every form, logout, a lock-out per username ({@link LoginAttempts}) and security
 * headers: a CSP without inline scripts or styles, {@code frame-ancestors 'none'}, {@code nosniff},
 * {@code Referrer-Policy: same-origin}. Roles as in the API: ADMIN (everything), OPS (home, health,
 * complaints and quarantine read-only), CLERK (Surat: letter upload and own uploads).
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurity {

    /** Every path the console answers; everything else belongs to the API chain. */
    public static final String[] PATHS = {"/", "/login", "/logout", "/terlarang", "/beranda", "/beranda/**",
            "/aduan", "/aduan/**", "/tandai", "/tandai/**", "/karantina", "/karantina/**", "/rekap", "/rekap/**",
            "/kesehatan", "/kesehatan/**", "/audit", "/audit/**", "/surat", "/surat/**", "/console/**"};

    /** CSP: scripts, styles and images only from the gateway; no plugins, no framing, forms post only to it. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "object-src 'none'; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    LoginAttempts loginAttempts(ConsoleProperties props, java.time.Clock clock) {
        return new LoginAttempts(props.maxFailedLogins(), props.lockout(), clock);
    }

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, UserDetailsService users, PasswordEncoder encoder,
                                LoginAttempts attempts, AuditLog audit) throws Exception {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        AuthenticationManager manager = new ProviderManager(locking(dao, attempts));
        SimpleUrlAuthenticationFailureHandler failure = new SimpleUrlAuthenticationFailureHandler("/login?error") {
            @Override
            public void onAuthenticationFailure(HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res,
                                                AuthenticationException e) throws java.io.IOException, jakarta.servlet.ServletException {
                String who = req.getParameter("username");
                String shown = auditedUsername(users, who);
                if (e instanceof LockedException) {
                    audit.record(shown, AuditLog.Action.LOGIN_LOCKED, "console", "login refused: username locked out" + hint(shown, who));
                    getRedirectStrategy().sendRedirect(req, res, "/login?locked");
                    return;
                }
                boolean nowLocked = attempts.failed(who);
                audit.record(shown, AuditLog.Action.LOGIN_FAILED, "console",
                        (nowLocked ? "wrong password; username now locked out" : "wrong password") + hint(shown, who));
                super.onAuthenticationFailure(req, res, e);
            }
        };
        SavedRequestAwareAuthenticationSuccessHandler success = new SavedRequestAwareAuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res,
                                                Authentication a) throws java.io.IOException, jakarta.servlet.ServletException {
                attempts.succeeded(a.getName());
                audit.record(a.getName(), AuditLog.Action.LOGIN, "console", null);
                super.onAuthenticationSuccess(req, res, a);
            }
        };
        success.setDefaultTargetUrl("/");
        http.securityMatcher(PATHS)
                .authenticationManager(manager)
                .formLogin(f -> f.loginPage("/login").permitAll().successHandler(success).failureHandler(failure))
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .addLogoutHandler((req, res, a) -> { if (a != null) audit.record(a.getName(), AuditLog.Action.LOGOUT, "console", null); })
                        .deleteCookies("JSESSIONID"))
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()).invalidSessionUrl("/login?expired"))
                .exceptionHandling(x -> x.accessDeniedPage("/terlarang"))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives(CSP))
                        .frameOptions(f -> f.deny())
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/console/**", "/login", "/terlarang").permitAll()
                        .requestMatchers("/").authenticated()
                        .requestMatchers("/surat", "/surat/**").hasAnyRole("CLERK", "ADMIN")
                        .requestMatchers("/beranda", "/beranda/**", "/kesehatan", "/kesehatan/**").hasRole("OPS")
                        .requestMatchers(HttpMethod.GET, "/aduan/*/mentah").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/karantina/*/mentah").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/aduan", "/aduan/**", "/karantina", "/karantina/**").hasRole("OPS")
                        .anyRequest().hasRole("ADMIN"));
        return http.build();
    }

    /** What the audit log stores as the username of a failed login whose username is not a known user. */
    public static final String UNKNOWN_USER = "(pengguna tidak dikenal)";

    /**
     * The username a failed login is audited under: the typed username only when it names a known user,
     * else {@link #UNKNOWN_USER}. People type their password into the username field; storing whatever was
     * typed would put passwords into the audit log (and into every page and export that shows it).
     */
    static String auditedUsername(UserDetailsService users, String typed) {
        if (typed == null || typed.isBlank() || typed.length() > 64) return UNKNOWN_USER;
        try {
            return users.loadUserByUsername(typed) != null ? typed : UNKNOWN_USER;
        } catch (org.springframework.security.core.userdetails.UsernameNotFoundException e) {
            return UNKNOWN_USER;
        }
    }

    /**
     * A short hint that cannot be turned back into what was typed: only its length in characters
     * (no hash: a hash of a short password is reversible by guessing). Empty when the username is known.
     */
    static String hint(String shown, String typed) {
        if (!UNKNOWN_USER.equals(shown)) return "";
        return "; typed username: " + (typed == null ? 0 : typed.codePointCount(0, typed.length())) + " characters";
    }

    /** Refuses a locked-out username before its password is even checked. */
    static AuthenticationProvider locking(AuthenticationProvider delegate, LoginAttempts attempts) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication a) {
                if (attempts.locked(a.getName())) throw new LockedException("locked out");
                return delegate.authenticate(a);
            }

            @Override
            public boolean supports(Class<?> type) {
                return delegate.supports(type);
            }
        };
    }
}
