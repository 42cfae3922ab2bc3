package id.lapor.gateway.simulator;

import id.lapor.gateway.channel.sms.Gsm7;
import id.lapor.gateway.channel.sms.SmsPdu;
import id.lapor.gateway.channel.sms.SmsTextDecoder;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.jsmpp.util.DefaultComposer;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMSC for demo mode, tests and docker-compose: a real SMPP 3.4 server on jSMPP. Gateways bind to
 * it (any number of binds); it sends mobile-originated messages as deliver_sm (single, multipart in
 * UDH 8-bit, UDH 16-bit or SAR form, in any order, with parts left out, or raw bytes), records every
 * submit_sm and answers each with a delivery receipt, and can drop or unbind every link on command.
 */
public class SmscSimulator implements AutoCloseable {

    /** A submit_sm the gateway sent. */
    public record Submitted(String systemId, String source, String destination, String text, int dataCoding,
                            String messageId, Instant at) {}

    /** How the parts of a long message say they belong together. */
    public enum Concat { UDH8, UDH16, SAR }

    private static final Logger log = LoggerFactory.getLogger(SmscSimulator.class);
    private static final DateTimeFormatter RECEIPT_DATE = DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

    private final String systemId;
    private final String password;
    private final ServerSocket server;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    private final ExecutorService receipts = Executors.newSingleThreadExecutor(r -> daemon(r, "smsc-sim-receipts"));
    private final AtomicLong messageIds = new AtomicLong(0x5000);
    private final AtomicInteger references = new AtomicInteger();
    private final AtomicInteger nextLink = new AtomicInteger();
    private volatile boolean sendReceipts = true;
    private volatile boolean open = true;

    private record Link(SMPPServerSession session, SocketConnection connection, BindType type, String systemId) {}

    public SmscSimulator(int port, String systemId, String password) throws IOException {
        this(InetAddress.getLoopbackAddress(), port, systemId, password);
    }

    public SmscSimulator(InetAddress bindAddress, int port, String systemId, String password) throws IOException {
        this.systemId = systemId;
        this.password = password;
        this.server = new ServerSocket(port, 50, bindAddress);
        Thread acceptor = new Thread(this::acceptLoop, "smsc-sim-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (open) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                SocketConnection conn = new SocketConnection(socket);
                SMPPServerSession session = new SMPPServerSession(conn, (n, o, s) -> { }, new Receiver(), null, 4, 1000,
                        new SynchronizedPDUSender(new DefaultPDUSender()), new DefaultPDUReader());
                Thread binder = new Thread(() -> bind(session, conn), "smsc-sim-bind");
                binder.setDaemon(true);
                binder.start();
            } catch (IOException e) {
                if (open) log.warn("SMSC simulator accept failed: {}", e.toString());
            }
        }
    }

    private void bind(SMPPServerSession session, SocketConnection conn) {
        try {
            BindRequest req = session.waitForBind(10_000);
            if (!systemId.equals(req.getSystemId()) || !password.equals(req.getPassword())) {
                req.reject(SMPPConstant.STAT_ESME_RINVPASWD);
                return;
            }
            req.accept(systemId);
            Link link = new Link(session, conn, req.getBindType(), req.getSystemId());
            links.add(link);
            session.addSessionStateListener((newState, oldState, source) -> {
                if (!newState.isBound()) links.remove(link);
            });
        } catch (Exception e) {
            log.debug("SMSC simulator bind failed: {}", e.toString());
            session.close();
        }
    }

    /** Bound links that can receive deliver_sm (receiver or transceiver). */
    public int boundReceivers() {
        return (int) links.stream().filter(l -> l.type() != BindType.BIND_TX && l.session().getSessionState().isBound()).count();
    }

    public boolean awaitBound(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (boundReceivers() > 0) return true;
            Thread.sleep(20);
        }
        return boundReceivers() > 0;
    }

    public List<Submitted> submitted() {
        return List.copyOf(submitted);
    }

    public void clearSubmitted() {
        submitted.clear();
    }

    public void sendReceipts(boolean on) {
        this.sendReceipts = on;
    }

    /** A mobile-originated text, GSM-7 unpacked when it can be, UCS-2 otherwise. Returns the deliver_sm_resp status. */
    public int sendText(String sender, String destination, String text) throws IOException {
        boolean gsm = Gsm7.septets(text) >= 0;
        byte[] ud = gsm ? Gsm7.encodeUnpacked(text) : text.getBytes(StandardCharsets.UTF_16BE);
        return deliver(sender, destination, 0x00, gsm ? 0x00 : 0x08, ud);
    }

    /**
     * A long text in parts of at most {@code partChars} characters, sent in {@code order} (1-based part
     * numbers; parts not listed are never sent). Returns each sent part's deliver_sm_resp status.
     */
    public List<Integer> sendMultipart(String sender, String destination, String text, Concat form, int partChars,
                                       int[] order) throws IOException {
        boolean gsm = Gsm7.septets(text) >= 0;
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += partChars) parts.add(text.substring(i, Math.min(text.length(), i + partChars)));
        int ref = form == Concat.UDH16 ? 0x1000 + references.incrementAndGet() % 0xE000 : references.incrementAndGet() & 0xFF;
        List<Integer> statuses = new ArrayList<>();
        for (int seq : order) {
            byte[] body = gsm ? Gsm7.encodeUnpacked(parts.get(seq - 1)) : parts.get(seq - 1).getBytes(StandardCharsets.UTF_16BE);
            statuses.add(sendPart(sender, destination, gsm ? 0x00 : 0x08, body, form, ref, parts.size(), seq));
        }
        return statuses;
    }

    /** All parts in order. */
    public List<Integer> sendMultipart(String sender, String destination, String text, Concat form, int partChars) throws IOException {
        int n = (text.length() + partChars - 1) / partChars;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i + 1;
        return sendMultipart(sender, destination, text, form, partChars, order);
    }

    /** One part with the concatenation information given as is (also for header values a real phone never sends). */
    public int sendPart(String sender, String destination, int dataCoding, byte[] body, Concat form, int ref, int total, int seq)
            throws IOException {
        return switch (form) {
            case UDH8 -> deliver(sender, destination, 0x40, dataCoding,
                    concat(new byte[] {5, 0, 3, (byte) ref, (byte) total, (byte) seq}, body));
            case UDH16 -> deliver(sender, destination, 0x40, dataCoding,
                    concat(new byte[] {6, 8, 4, (byte) (ref >> 8), (byte) ref, (byte) total, (byte) seq}, body));
            case SAR -> deliver(sender, destination, 0x00, dataCoding, body,
                    new OptionalParameter.Sar_msg_ref_num((short) ref),
                    new OptionalParameter.Sar_total_segments((byte) total),
                    new OptionalParameter.Sar_segment_seqnum((byte) seq));
        };
    }

    /** A deliver_sm with these fields; returns its deliver_sm_resp command status (0 = ESME_ROK). */
    public int deliver(String sender, String destination, int esmClass, int dataCoding, byte[] shortMessage,
                       OptionalParameter... tlvs) throws IOException {
        return deliver(TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, sender, destination, esmClass, dataCoding,
                shortMessage, tlvs);
    }

    /** A deliver_sm with an alphanumeric sender (TON 5), as operators send promotions. */
    public int deliverFromAlphanumeric(String sender, String destination, String text) throws IOException {
        return deliver(TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN, sender, destination, 0, 0,
                Gsm7.encodeUnpacked(text));
    }

    private int deliver(TypeOfNumber ton, NumberingPlanIndicator npi, String sender, String destination, int esmClass,
                        int dataCoding, byte[] shortMessage, OptionalParameter... tlvs) throws IOException {
        Link link = receiver();
        try {
            link.session().deliverShortMessage("", ton, npi, sender, TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN,
                    destination, new ESMClass((byte) esmClass), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                    DataCodings.newInstance((byte) dataCoding), shortMessage, tlvs);
            return SMPPConstant.STAT_ESME_ROK;
        } catch (NegativeResponseException e) {
            return e.getCommandStatus();
        } catch (Exception e) {
            throw new IOException("deliver_sm not answered: " + e.getMessage(), e);
        }
    }

    /** Writes bytes as they are on a receiver link (a malformed PDU, say); its response is not waited for. */
    public void sendRaw(byte[] pdu) throws IOException {
        OutputStream out = receiver().connection().getOutputStream();
        synchronized (out) {
            out.write(pdu);
            out.flush();
        }
    }

    /** Closes every link without an unbind, as a failing network or SMSC does. */
    public void dropAll() {
        for (Link l : links) l.connection().close();
        links.clear();
    }

    /** Sends unbind on every link, as an SMSC does before maintenance. */
    public void unbindAll() {
        for (Link l : links) l.session().unbindAndClose();
        links.clear();
    }

    private Link receiver() throws IOException {
        List<Link> candidates = links.stream()
                .filter(l -> l.type() != BindType.BIND_TX && l.session().getSessionState().isBound()).toList();
        if (candidates.isEmpty()) throw new IOException("no gateway is bound to the SMSC simulator as receiver");
        return candidates.get(Math.floorMod(nextLink.getAndIncrement(), candidates.size()));
    }

    private void receipt(Link via, String messageId, String destination, String source) {
        receipts.execute(() -> {
            try {
                Link link = via.type() == BindType.BIND_TX ? receiver() : via;
                String now = RECEIPT_DATE.format(Instant.now());
                String text = "id:" + messageId + " sub:001 dlvrd:001 submit date:" + now + " done date:" + now
                        + " stat:DELIVRD err:000 text:";
                link.session().deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, destination,
                        TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, source, new ESMClass((byte) 0x04), (byte) 0, (byte) 0,
                        new RegisteredDelivery(0), DataCodings.newInstance((byte) 0), text.getBytes(StandardCharsets.US_ASCII),
                        new OptionalParameter.COctetString((short) 0x001E, messageId),
                        new OptionalParameter.Byte((short) 0x0427, MessageState.DELIVERED.value()));
            } catch (Exception e) {
                log.debug("receipt for {} not delivered: {}", messageId, e.toString());
            }
        });
    }

    private static final SmsTextDecoder TEXT = new SmsTextDecoder(SmsTextDecoder.DefaultAlphabet.GSM7_UNPACKED);

    /** The text of a submit_sm as a phone would show it (short_message, or message_payload when that is empty). */
    private static String decode(SubmitSm sm) {
        byte[] ud = sm.getShortMessage();
        if ((ud == null || ud.length == 0) && sm.getOptionalParameters() != null) {
            for (OptionalParameter p : sm.getOptionalParameters()) {
                if ((p.tag & 0xFFFF) == SmsPdu.TLV_MESSAGE_PAYLOAD) ud = SmsPdu.tlvValue(p);
            }
        }
        if (ud == null) return "";
        SmsTextDecoder.Result r = TEXT.decode(sm.getDataCoding(), ud, 0);
        return r instanceof SmsTextDecoder.Result.Text t ? t.text() : new String(ud, StandardCharsets.ISO_8859_1);
    }

    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm sm, SMPPServerSession source) throws ProcessRequestException {
            String id = Long.toHexString(messageIds.incrementAndGet()).toUpperCase();
            Link via = links.stream().filter(l -> l.session() == source).findFirst().orElse(null);
            submitted.add(new Submitted(via == null ? "?" : via.systemId(), sm.getSourceAddr(), sm.getDestAddress(), decode(sm),
                    sm.getDataCoding() & 0xFF, id, Instant.now()));
            if (sendReceipts && via != null && (sm.getRegisteredDelivery() & 0x03) != 0) {
                receipt(via, id, sm.getDestAddress(), sm.getSourceAddr());
            }
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (PDUStringException e) {
                throw new ProcessRequestException("bad message id", SMPPConstant.STAT_ESME_RSYSERR);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("submit_multi not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("replace_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("cancel_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public org.jsmpp.session.BroadcastSmResult onAcceptBroadcastSm(org.jsmpp.bean.BroadcastSm sm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("broadcast_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public void onAcceptCancelBroadcastSm(org.jsmpp.bean.CancelBroadcastSm sm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("cancel_broadcast_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }

        @Override
        public org.jsmpp.session.QueryBroadcastSmResult onAcceptQueryBroadcastSm(org.jsmpp.bean.QueryBroadcastSm sm,
                                                                                 SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("query_broadcast_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    /** A deliver_sm PDU as bytes, for fixtures and raw sends. */
    public static byte[] deliverSmPdu(int sequence, int sourceTon, String sender, String destination, int esmClass, int dataCoding,
                                      byte[] shortMessage, OptionalParameter... tlvs) throws PDUStringException {
        return new DefaultComposer().deliverSm(sequence, "", (byte) sourceTon, (byte) 1, sender, (byte) 0, (byte) 0, destination,
                (byte) esmClass, (byte) 0, (byte) 0, (byte) 0, (byte) dataCoding, shortMessage, tlvs);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        open = false;
        unbindAll();
        receipts.shutdownNow();
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing SMSC simulator: {}", e.toString());
        }
    }

}
