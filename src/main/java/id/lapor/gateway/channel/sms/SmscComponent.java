package id.lapor.gateway.channel.sms;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;

import java.util.Map;

/**
 * Camel endpoint {@code smsc:<instance>} over this instance's {@link SmppBind}: each deliver_sm becomes
 * an exchange (body {@link SmsPdu}) run synchronously on the jSMPP thread; the deliver_sm_resp says
 * ESME_ROK only when the route finished without an exception. Starting the consumer starts the bind,
 * which retries in the background while the SMSC is unreachable (start-up never waits for it); the
 * consumer's health check is DOWN whenever the bind is not bound.
 * (camel-smpp is not published for Camel 4.18, and it cannot hand a malformed PDU to a route.)
 */
public class SmscComponent extends DefaultComponent {

    private final SmppBind bind;

    public SmscComponent(SmppBind bind) {
        this.bind = bind;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        return new SmscEndpoint(uri, this);
    }

    static final class SmscEndpoint extends DefaultEndpoint {
        SmscEndpoint(String uri, SmscComponent component) {
            super(uri, component);
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("smsc: only receives; replies go through the reply loop (SmsReplyChannel)");
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            SmscConsumer consumer = new SmscConsumer(this, processor, ((SmscComponent) getComponent()).bind);
            configureConsumer(consumer);
            return consumer;
        }

        @Override
        public boolean isSingleton() {
            return true;
        }
    }

    static final class SmscConsumer extends DefaultConsumer {
        private final SmppBind bind;

        SmscConsumer(Endpoint endpoint, Processor processor, SmppBind bind) {
            super(endpoint, processor);
            this.bind = bind;
            setHealthCheck(new BindHealth(bind));
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            bind.open(this::process);
        }

        private void process(SmsPdu pdu) throws Exception {
            Exchange exchange = createExchange(false);
            try {
                exchange.getMessage().setBody(pdu);
                getProcessor().process(exchange);
                if (exchange.getException() != null) throw exchange.getException();
            } finally {
                releaseExchange(exchange, false);
            }
        }

        @Override
        protected void doStop() throws Exception {
            bind.close();
            super.doStop();
        }
    }

    static final class BindHealth extends AbstractHealthCheck {
        private final SmppBind bind;

        BindHealth(SmppBind bind) {
            super("consumers", "smsc-bind");
            this.bind = bind;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.detail("binds", bind.bindCount()).detail("drops", bind.dropCount());
            if (bind.isBound()) {
                builder.up();
            } else {
                builder.message("SMPP not bound: " + bind.lastError()).down();
            }
        }
    }
}
