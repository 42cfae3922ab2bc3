package id.lapor.gateway.channel.sms;

import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.PDUReader;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Command;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.util.DefaultComposer;
import org.jsmpp.util.DefaultDecomposer;
import org.jsmpp.DefaultPDUReader;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * Reads PDUs as jSMPP does, but a deliver_sm that jSMPP could not decompose (it would answer with a
 * generic_nack, or throw on a truncated field and answer nothing) is handed on as an empty deliver_sm
 * with the same sequence number carrying the original bytes in a vendor TLV. The intake route then
 * quarantines the original and answers deliver_sm_resp after that commit, like any other input.
 */
final class MalformedPduGuard implements PDUReader {

    private final DefaultPDUReader delegate = new DefaultPDUReader();
    private final DefaultDecomposer decomposer = new DefaultDecomposer();
    private final DefaultComposer composer = new DefaultComposer();

    @Override
    public Command readPDUHeader(DataInputStream in) throws InvalidCommandLengthException, IOException {
        return delegate.readPDUHeader(in);
    }

    @Override
    public byte[] readPDU(DataInputStream in, Command pduHeader) throws IOException {
        return guard(delegate.readPDU(in, pduHeader), pduHeader.getCommandId(), pduHeader.getSequenceNumber());
    }

    @Override
    public byte[] readPDU(DataInputStream in, int commandLength, int commandId, int commandStatus, int sequenceNumber)
            throws IOException {
        return guard(delegate.readPDU(in, commandLength, commandId, commandStatus, sequenceNumber), commandId, sequenceNumber);
    }

    private byte[] guard(byte[] pdu, int commandId, int sequenceNumber) {
        if (commandId != SMPPConstant.CID_DELIVER_SM) return pdu;
        try {
            decomposer.deliverSm(pdu);
            return pdu;
        } catch (Exception e) {
            try {
                return composer.deliverSm(sequenceNumber, null, (byte) 0, (byte) 0, null, (byte) 0, (byte) 0, null,
                        (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, new byte[0],
                        new OptionalParameter.OctetString((short) SmsPdu.TLV_GATEWAY_MALFORMED_ORIGINAL, pdu));
            } catch (Exception cannot) {
                return pdu;
            }
        }
    }
}
