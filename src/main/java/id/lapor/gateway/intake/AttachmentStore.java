package id.lapor.gateway.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Content-addressed store for attachment and raw-input bytes: {@code <dir>/ab/cd/<sha256>}.
 * A blob is written to a temporary file, forced to disk and atomically renamed, so a reader never
 * sees half a file and a blob named in a committed row survives a crash. Writing the same bytes
 * twice stores them once.
 */
public final class AttachmentStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private final Path root;

    public AttachmentStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create blob store " + root, e);
        }
    }

    /** Stores the bytes (if not already there) and returns their sha256. */
    public String put(byte[] bytes) {
        String sha = TextFingerprint.sha256Hex(bytes);
        Path target = pathOf(sha);
        if (Files.exists(target)) return sha;
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), sha.substring(0, 8), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + sha, e);
        }
    }

    public Optional<byte[]> get(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) return Optional.empty();
        Path p = pathOf(sha256);
        try {
            return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + sha256, e);
        }
    }

    private Path pathOf(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }
}
