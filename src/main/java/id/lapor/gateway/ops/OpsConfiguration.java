package id.lapor.gateway.ops;

import id.lapor.gateway.channel.letter.TesseractOcr;
import id.lapor.gateway.console.ConsoleQueries;
import id.lapor.gateway.forward.OutboxForwarder;
import id.lapor.gateway.forward.StatusSync;
import id.lapor.gateway.intake.ComplaintIntake;
import id.lapor.gateway.reply.ReplyLoop;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ops (#18): complaint traces, quiet-channel detection, the SLA-overdue gauge, and the hooks that give the
 * intake, the forwarder, status sync, the reply loops and OCR their traces and metrics ({@link #opsWiring}).
 */
@Configuration(proxyBeanMethods = false)
public class OpsConfiguration {

    /** Complaint traces over Micrometer's tracer when there is one (Spring Boot's OpenTelemetry bridge). */
    @Bean
    ComplaintTraces complaintTraces(ObjectProvider<Tracer> tracer) {
        return new ComplaintTraces(tracer.getIfAvailable());
    }

    /** Health component {@code channelTraffic}; see {@link QuietChannelMonitor}. */
    @Bean("channelTraffic")
    QuietChannelMonitor channelTraffic(GatewayMetrics metrics, Clock clock, Environment env, MeterRegistry registry) {
        return new QuietChannelMonitor(metrics, clock, QuietChannelMonitor.expectations(env), registry);
    }

    /**
     * {@code gateway_sla_overdue}: complaints not final whose follow-up deadline has passed (the console's
     * count), read at most every 15 s so a scrape costs no more than one query.
     */
    @Bean
    Gauge slaOverdueGauge(MeterRegistry registry, ObjectProvider<ConsoleQueries> queries, Clock clock) {
        AtomicReference<Instant> readAt = new AtomicReference<>(Instant.MIN);
        AtomicLong value = new AtomicLong();
        return Gauge.builder("gateway.sla.overdue", () -> {
            Instant now = clock.instant();
            ConsoleQueries q = queries.getIfAvailable();
            if (q != null && (now.isAfter(readAt.get().plus(Duration.ofSeconds(15))) || now.isBefore(readAt.get()))) {
                value.set(q.pastSla(now));
                readAt.set(now);
            }
            return value.get();
        }).description("Complaints not yet final whose SLA follow-up deadline has passed").register(registry);
    }

    /**
     * Hands ops' traces and metrics to the beans that report through them, when each is made: the intake,
     * the forwarder and status sync get the complaint traces, every reply loop gets traces and the reply
     * counters, OCR the page timer. A post-processor, so the channels' configurations stay as they are.
     */
    @Bean
    static BeanPostProcessor opsWiring(ObjectProvider<ComplaintTraces> traces, ObjectProvider<GatewayMetrics> metrics) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof ComplaintIntake intake) intake.traces(traces.getObject());
                else if (bean instanceof OutboxForwarder forwarder) forwarder.traces(traces.getObject());
                else if (bean instanceof StatusSync sync) sync.traces(traces.getObject());
                else if (bean instanceof ReplyLoop loop) loop.observe(metrics.getObject(), traces.getObject());
                else if (bean instanceof TesseractOcr ocr) {
                    GatewayMetrics m = metrics.getObject();
                    ocr.onPage(m::ocrPage);
                }
                return bean;
            }
        };
    }
}
