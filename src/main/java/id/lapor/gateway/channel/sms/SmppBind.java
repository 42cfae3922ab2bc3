package id.lapor.gateway.channel.sms;

import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.session.connection.socket.SocketConnectionFactory;
import org.jsmpp.util.DefaultComposer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's bind to the SMSC: one transceiver session, or a receiver and a transmitter.
 * {@link #open} binds, or keeps trying in the background; once open, an unreachable SMSC, a dropped
 * link or an SMSC unbind is re-bound with exponential backoff until {@link #close}. deliver_sm go to the {@link Handler}; whatever it
 * throws becomes the error status of deliver_sm_resp, so the SMSC redelivers.
 */
public class SmppBind implements AutoCloseable {

    /** Runs for every deliver_sm on a jSMPP PDU-processor thread; returning means it was stored. */
    public interface Handler {
        void deliver(SmsPdu pdu) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(SmppBind.class);

    private final SmsProperties props;
    private final Object lock = new Object();
    private final AtomicLong binds = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private ScheduledExecutorService reconnector;
    private List<SMPPSession> sessions = List.of();
    private SMPPSession transmitter;
    private Handler handler;
    private volatile boolean open;
    private volatile String lastError = "not bound yet";
    private volatile Instant boundSince;
    private Duration nextDelay;

    public SmppBind(SmsProperties props) {
        this.props = props;
    }

    /**
     * Binds now, or, when the SMSC cannot be reached or refuses the bind, keeps trying in the background
     * with backoff: a down SMSC never stops the gateway from starting. {@link #isBound} tells which.
     */
    public void open(Handler handler) {
        synchronized (lock) {
            this.handler = handler;
            if (reconnector == null || reconnector.isShutdown()) {
                reconnector = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "smpp-rebind-" + props.instance());
                    t.setDaemon(true);
                    return t;
                });
            }
            open = true;
            nextDelay = props.reconnectInitialDelay();
            try {
                bind();
            } catch (IOException e) {
                log.warn("SMPP {} not bound at start ({}); retrying in the background", props.instance(), e.getMessage());
                scheduleRebind();
            }
        }
    }

    private void bind() throws IOException {
        closeSessions();
        List<SMPPSession> fresh = new ArrayList<>();
        try {
            if (props.bindMode() == SmsProperties.BindMode.TRANSCEIVER) {
                SMPPSession trx = session(BindType.BIND_TRX);
                fresh.add(trx);
                transmitter = trx;
            } else {
                fresh.add(session(BindType.BIND_RX));
                SMPPSession tx = session(BindType.BIND_TX);
                fresh.add(tx);
                transmitter = tx;
            }
        } catch (IOException e) {
            fresh.forEach(SMPPSession::unbindAndClose);
            transmitter = null;
            lastError = e.getMessage();
            throw new IOException("SMPP bind to " + props.host() + ":" + props.port() + " as " + props.systemId()
                    + " failed: " + e.getMessage(), e);
        }
        sessions = fresh;
        boundSince = Instant.now();
        lastError = null;
        binds.incrementAndGet();
        log.info("SMPP {} bound to {}:{} as {} ({})", props.instance(), props.host(), props.port(), props.systemId(), props.bindMode());
    }

    private SMPPSession session(BindType type) throws IOException {
        SMPPSession s = new SMPPSession(new SynchronizedPDUSender(new DefaultPDUSender(new DefaultComposer())),
                new MalformedPduGuard(), SocketConnectionFactory.getInstance());
        s.setEnquireLinkTimer((int) props.enquireLinkInterval().toMillis());
        s.setTransactionTimer(props.transactionTimeout().toMillis());
        if (type != BindType.BIND_TX) {
            s.setPduProcessorDegree(props.pduProcessorDegree());
            s.setQueueCapacity(props.pduQueueCapacity());
            s.setMessageReceiverListener(new Receiver());
        }
        s.addSessionStateListener(new Watcher());
        s.connectAndBind(props.host(), props.port(), new BindParameter(type, props.systemId(), props.password(),
                props.systemType() == null ? "" : props.systemType(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null),
                props.transactionTimeout().toMillis());
        return s;
    }

    /** Whether every session of this bind is bound. */
    public boolean isBound() {
        List<SMPPSession> current = sessions;
        if (!open || current.isEmpty()) return false;
        for (SMPPSession s : current) if (!s.getSessionState().isBound()) return false;
        return true;
    }

    public String lastError() {
        return lastError;
    }

    public Instant boundSince() {
        return isBound() ? boundSince : null;
    }

    public long bindCount() {
        return binds.get();
    }

    public long dropCount() {
        return drops.get();
    }

    /**
     * Sends one text to {@code destination} from the short code, asking for a delivery receipt.
     *
     * @return the SMSC's message id
     */
    public String submit(String destination, SmsEncoding.Encoded text) throws Exception {
        SMPPSession tx = transmitter;
        if (tx == null || !isBound()) throw new IOException("SMPP " + props.instance() + " is not bound");
        OptionalParameter[] tlvs = text.payload() == null ? new OptionalParameter[0]
                : new OptionalParameter[] {new OptionalParameter.OctetString((short) SmsPdu.TLV_MESSAGE_PAYLOAD, text.payload())};
        return tx.submitShortMessage("", TypeOfNumber.NATIONAL, NumberingPlanIndicator.ISDN, props.shortCode(),
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination.startsWith("+") ? destination.substring(1) : destination,
                new ESMClass(), (byte) 0, (byte) 1, null, null, new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                (byte) 0, DataCodings.newInstance((byte) text.dataCoding()), (byte) 0, text.shortMessage(), tlvs).getMessageId();
    }

    @Override
    public void close() {
        synchronized (lock) {
            open = false;
            if (reconnector != null) reconnector.shutdownNow();
            closeSessions();
        }
    }

    private void closeSessions() {
        List<SMPPSession> old = sessions;
        sessions = List.of();
        transmitter = null;
        for (SMPPSession s : old) {
            try {
                s.unbindAndClose();
            } catch (RuntimeException e) {
                log.debug("closing SMPP session: {}", e.toString());
            }
        }
    }

    private void scheduleRebind() {
        synchronized (lock) {
            if (!open || reconnector == null || reconnector.isShutdown()) return;
            Duration delay = nextDelay;
            nextDelay = min(nextDelay.multipliedBy(2), props.reconnectMaxDelay());
            reconnector.schedule(this::rebind, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void rebind() {
        synchronized (lock) {
            if (!open || isBound()) return;
            try {
                bind();
                nextDelay = props.reconnectInitialDelay();
            } catch (IOException e) {
                log.warn("SMPP {} still unbound, retrying: {}", props.instance(), e.getMessage());
                scheduleRebind();
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private final class Watcher implements SessionStateListener {
        @Override
        public void onStateChange(SessionState newState, SessionState oldState, Session source) {
            if ((newState == SessionState.CLOSED || newState == SessionState.UNBOUND) && oldState.isBound() && open
                    && sessions.contains(source)) {
                drops.incrementAndGet();
                lastError = "SMSC " + (newState == SessionState.UNBOUND ? "unbound" : "closed the link");
                log.warn("SMPP {} lost its bind ({}); re-binding with backoff", props.instance(), lastError);
                scheduleRebind();
            }
        }
    }

    private final class Receiver implements MessageReceiverListener {
        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            Handler h = handler;
            if (h == null) throw new ProcessRequestException("not ready", SMPPConstant.STAT_ESME_RX_T_APPN);
            try {
                h.deliver(SmsPdu.of(deliverSm, Instant.now()));
            } catch (ProcessRequestException e) {
                throw e;
            } catch (Exception e) {
                // transient: the message is not stored; the SMSC keeps it and delivers it again
                throw new ProcessRequestException("not stored: " + e.getClass().getSimpleName(), SMPPConstant.STAT_ESME_RX_T_APPN);
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
            // not used: the gateway sends nothing that waits for a subscriber to become reachable
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not accepted; send deliver_sm", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }
}
