package id.lapor.gateway.channel.social;

import id.lapor.gateway.intake.Ledger;
import id.lapor.gateway.support.GatewayIntegrationTest;
import id.lapor.gateway.support.StoreDown;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store goes down under the SOCIAL route: the caller gets a transient 503 (so it retries), not
 * an acknowledgement, and nothing is stored. AdviceWith swaps the shared intake for a failing one.
 */
@GatewayIntegrationTest
class SocialRouteStoreDownTest {

    @Autowired CamelContext camel;
    @Autowired TestRestTemplate http;
    @Autowired Ledger ledger;

    @AfterEach
    void restore() throws Exception {
        // put the real intake back for the other tests sharing this context
        StoreDown.restore(camel, "normalise");
    }

    @Test
    void storeDownIsA503ToTheCallerAndNothingIsAcknowledgedOrStored() throws Exception {
        StoreDown.under(camel, "normalise");
        long before = ledger.count(null, null, null);
        NotifyBuilder failed = new NotifyBuilder(camel).fromRoute("social-report").whenFailed(1).create();
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth("admin", "admin-test");
        h.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> r = http.exchange("/api/social/reports", HttpMethod.POST, new HttpEntity<>(
                "{\"platform\":\"x\",\"post_url\":\"https://x.com/down/status/" + System.nanoTime() + "\",\"text\":\"Jalan rusak\"}", h),
                String.class);
        assertThat(failed.matches(5, TimeUnit.SECONDS)).isTrue();
        assertThat(r.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(r.getBody()).contains("nothing was stored").doesNotContain("\"ticket\"");
        assertThat(ledger.count(null, null, null)).isEqualTo(before);
    }
}
