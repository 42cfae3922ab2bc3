package id.lapor.gateway.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@link AttachmentStore} in a folder of this node ({@code gateway.blobs.type=file}, the embedded default):
 * {@code <dir>/ab/cd/<sha256>}. A blob is written to a temporary file, forced to disk and atomically renamed,
 * so a reader never sees half a file and a blob named in a committed row survives a crash. Only for one node
 * (or a folder every node mounts): another node cannot read what this one stored.
 */
public final class FileAttachmentStore implements AttachmentStore {

    private final Path root;

    /** @param root the folder (created if missing); {@code gateway.blobs.dir}, by default {@code <data-dir>/blobs} */
    public FileAttachmentStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create blob store " + root, e);
        }
    }

    @Override
    public String put(byte[] bytes) {
        String sha = TextFingerprint.sha256Hex(bytes);
        Path target = pathOf(sha);
        if (Files.exists(target)) return sha;
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), sha.substring(0, 8), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
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
            throw new BlobStoreUnavailableException("cannot store blob " + sha + " in " + describe() + ": " + e, e);
        }
    }

    @Override
    public Optional<byte[]> get(String sha256) {
        if (!AttachmentStore.isKey(sha256)) return Optional.empty();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(pathOf(sha256));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlobStoreUnavailableException("cannot read blob " + sha256 + " from " + describe() + ": " + e, e);
        }
        AttachmentStore.verify(sha256, bytes, describe());
        return Optional.of(bytes);
    }

    @Override
    public boolean contains(String sha256) {
        return AttachmentStore.isKey(sha256) && Files.exists(pathOf(sha256));
    }

    @Override
    public String describe() {
        return "file:" + root;
    }

    /** The folder this store writes to. */
    public Path root() {
        return root;
    }

    /** Where the blob {@code sha} lives (whether or not it exists). */
    public Path pathOf(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }
}
