package id.lapor.gateway;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up fails with a message that names what is missing. */
class StartupValidationTest {

    private static Throwable root(Throwable t) {
        Throwable r = t;
        StringBuilder all = new StringBuilder();
        while (r != null) {
            all.append(r.getMessage()).append('\n');
            r = r.getCause();
        }
        return new RuntimeException(all.toString());
    }

    @Test
    void missingLaporSecretsNameTheEnvironmentVariables() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--gateway.data-dir=" + Path.of("target", "startup-test").toAbsolutePath(),
                        "--lapor.base-url=http://127.0.0.1:1/api/v3", "--lapor.bearer=", "--lapor.token=", "--lapor.user-id=1",
                        "--gateway.security.admin.password=x").close())
                .satisfies(t -> assertThat(root(t).getMessage()).contains("LAPOR_BEARER").contains("LAPOR_TOKEN"));
    }

    @Test
    void noApiUserIsAClearError() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--gateway.data-dir=" + Path.of("target", "startup-test2").toAbsolutePath(),
                        "--lapor.base-url=http://127.0.0.1:1/api/v3", "--lapor.bearer=b", "--lapor.token=t", "--lapor.user-id=1").close())
                .satisfies(t -> assertThat(root(t).getMessage()).contains("GATEWAY_SECURITY_ADMIN_PASSWORD"));
    }
}
