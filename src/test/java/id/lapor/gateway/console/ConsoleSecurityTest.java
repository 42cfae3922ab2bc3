package id.lapor.gateway.console;

import id.lapor.gateway.audit.AuditLog;

import id.lapor.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.context.WebApplicationContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The console's filter chain: form login with the gateway's users, lock-out, CSRF, headers, roles,
 * Indonesian text by default, audit of logins; and the API chain left as it was.
 */
@GatewayIntegrationTest
class ConsoleSecurityTest {

    @Autowired WebApplicationContext ctx;
    @Autowired LoginAttempts attempts;
    @Autowired AuditLog audit;
    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = ConsoleMvc.of(ctx);
    }

    @Test
    void anonymousIsSentToTheIndonesianLoginPageWithHeaders() throws Exception {
        mvc.perform(get("/beranda")).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("http://localhost/login"));
        mvc.perform(get("/aduan")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Kata sandi")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("name=\"_csrf\"")))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("frame-ancestors 'none'")))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("script-src 'self'")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Referrer-Policy", "same-origin"));
        mvc.perform(get("/login").param("lang", "en"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Password")));
    }

    @Test
    void formLoginWithTheGatewayUsersIsAuditedAndNeedsCsrf() throws Exception {
        // without the form's CSRF token the login is refused (sent back to the login page, no session made)
        MvcResult forged = mvc.perform(post("/login").param("username", "ops").param("password", "ops-test"))
                .andExpect(redirectedUrl("/login?expired")).andReturn();
        assertThat(forged.getRequest().getSession(false) == null
                || forged.getRequest().getSession(false).getAttribute("SPRING_SECURITY_CONTEXT") == null).isTrue();
        MvcResult ok = mvc.perform(formLogin("/login").user("ops").password("ops-test"))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/")).andReturn();
        MockHttpSession session = (MockHttpSession) ok.getRequest().getSession(false);
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/beranda"));
        mvc.perform(formLogin("/login").user("ops").password("wrong")).andExpect(redirectedUrl("/login?error"));
        assertThat(audit.list("ops", null, 0, 10)).extracting(AuditLog.Entry::action)
                .contains(AuditLog.Action.LOGIN, AuditLog.Action.LOGIN_FAILED);
        // logout needs the token too, then the session is gone
        mvc.perform(post("/logout").session(session).with(csrf())).andExpect(redirectedUrl("/login?logout"));
    }

    @Test
    void fiveFailedLoginsLockTheUsernameEvenForTheRightPassword() throws Exception {
        try {
            for (int i = 0; i < 5; i++) {
                mvc.perform(formLogin("/login").user("clerk").password("guess-" + i)).andExpect(redirectedUrl("/login?error"));
            }
            mvc.perform(formLogin("/login").user("clerk").password("clerk-test")).andExpect(redirectedUrl("/login?locked"));
            mvc.perform(get("/login").param("locked", "")).andExpect(content().string(org.hamcrest.Matchers.containsString("dikunci sementara")));
            assertThat(audit.list("clerk", AuditLog.Action.LOGIN_LOCKED, 0, 10)).isNotEmpty();
            // another user is not affected
            mvc.perform(formLogin("/login").user("ops").password("ops-test")).andExpect(redirectedUrl("/"));
        } finally {
            attempts.succeeded("clerk");
        }
        mvc.perform(formLogin("/login").user("clerk").password("clerk-test")).andExpect(redirectedUrl("/"));
    }

    @Test
    void rolesSeeOnlyTheirPagesAndTheirMenu() throws Exception {
        // MockMvc does not follow the forward to the Indonesian page: that page is checked on its own below
        mvc.perform(get("/audit").with(user("ops").roles("OPS"))).andExpect(status().isForbidden())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl("/terlarang"));
        mvc.perform(get("/terlarang").with(user("ops").roles("OPS"))).andExpect(status().isForbidden())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Tidak diizinkan")));
        mvc.perform(get("/audit").with(user("clerk").roles("CLERK"))).andExpect(status().isForbidden());
        mvc.perform(get("/").with(user("clerk").roles("CLERK"))).andExpect(redirectedUrl("/surat"));
        mvc.perform(get("/surat").with(user("clerk").roles("CLERK"))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Unggah surat")))
                .andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("href=\"/karantina\""))));
        mvc.perform(get("/audit").with(user("admin").roles("ADMIN", "OPS", "CLERK"))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("href=\"/karantina\"")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("href=\"/audit\"")));
    }

    @Test
    void aFailedLoginStoresOnlyAKnownUsernameNeverWhatWasTyped() throws Exception {
        // a password typed into the username field must not end up in the audit log
        mvc.perform(formLogin("/login").user("S3cret-Passw0rd!").password("")).andExpect(redirectedUrl("/login?error"));
        for (String x : ConsoleMvc.XSS) {
            mvc.perform(formLogin("/login").user(x).password("nope")).andExpect(redirectedUrl("/login?error"));
        }
        List<AuditLog.Entry> unknown = audit.list(ConsoleSecurity.UNKNOWN_USER, AuditLog.Action.LOGIN_FAILED, 0, 100);
        assertThat(unknown).hasSizeGreaterThan(ConsoleMvc.XSS.size());
        assertThat(unknown).extracting(AuditLog.Entry::detail).contains("wrong password; typed username: 16 characters");
        assertThat(audit.list("S3cret-Passw0rd!", null, 0, 10)).isEmpty();
        // a known username is kept (it is needed to see who is being guessed at)
        mvc.perform(formLogin("/login").user("ops").password("wrong")).andExpect(redirectedUrl("/login?error"));
        assertThat(audit.list("ops", AuditLog.Action.LOGIN_FAILED, 0, 10)).extracting(AuditLog.Entry::detail).contains("wrong password");
        attempts.succeeded("ops");
        String page = mvc.perform(get("/audit").param("action", "LOGIN_FAILED").with(user("admin").roles("ADMIN", "OPS")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("(pengguna tidak dikenal)").doesNotContain("S3cret-Passw0rd!")
                .doesNotContain("DROP TABLE complaint").doesNotContain("<script>alert");
    }

    @Test
    void auditShowsHostileTextAsText() throws Exception {
        for (String x : ConsoleMvc.XSS) audit.record("admin", AuditLog.Action.DISMISS, x, x);
        String page = mvc.perform(get("/audit").param("action", "DISMISS").with(user("admin").roles("ADMIN", "OPS")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("<script>alert").doesNotContain("<img src=x").contains("&lt;script&gt;alert")
                .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;").contains("DROP TABLE complaint")
                .doesNotContain("\u0007").doesNotContain("\u001b").doesNotContain("\u0000");
    }

    @Test
    void theApiChainIsUnchanged() throws Exception {
        // no form login, no redirect, no session for the API: 401 problem+json as before
        mvc.perform(get("/api/complaints")).andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Type", org.hamcrest.Matchers.containsString("application/problem+json")));
        mvc.perform(get("/api/complaints").with(httpBasic("ops", "ops-test"))).andExpect(status().isOk());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        // the console's form login does not accept HTTP Basic
        mvc.perform(get("/audit").with(httpBasic("admin", "admin-test"))).andExpect(status().is3xxRedirection());
    }
}
