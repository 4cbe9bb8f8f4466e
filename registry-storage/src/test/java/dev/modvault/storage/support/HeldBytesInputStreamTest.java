package dev.modvault.storage.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeldBytesInputStreamTest {

    /** Records the arrays it is handed, to tell a write of the held array from a write of a copy. */
    static final class Recording extends OutputStream {
        final List<byte[]> arrays = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            arrays.add(b);
            bytes.write(b, off, len);
        }
    }

    @Test
    void transferToWritesTheHeldArrayItselfInOneWrite() throws IOException {
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        Recording out = new Recording();
        try (HeldBytesInputStream in = new HeldBytesInputStream(body)) {
            assertThat(in.transferTo(out)).isEqualTo(body.length);
            assertThat(in.read()).isEqualTo(-1);
            assertThat(in.transferTo(out)).isZero();
        }
        assertThat(out.arrays).hasSize(1);
        assertThat(out.arrays.get(0)).isSameAs(body);
        assertThat(out.bytes.toByteArray()).isEqualTo(body);
    }

    @Test
    void transferToAfterReadsWritesOnlyTheRest() throws IOException {
        byte[] body = "module example.com/held\n\ngo 1.21\n".getBytes();
        Recording out = new Recording();
        try (HeldBytesInputStream in = new HeldBytesInputStream(body)) {
            assertThat(in.readNBytes(7)).isEqualTo("module ".getBytes());
            assertThat(in.transferTo(out)).isEqualTo(body.length - 7);
        }
        assertThat(out.bytes.toString()).isEqualTo("example.com/held\n\ngo 1.21\n");
    }
}
