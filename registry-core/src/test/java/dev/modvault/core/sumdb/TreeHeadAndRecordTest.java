package dev.modvault.core.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Tree heads and record framing. Vectors ported from golang.org/x/mod 0.7.0 sumdb/tlog/note_test.go: TestFormatTree,
 * TestParseTree, TestFormatRecord, TestParseRecord.
 */
class TreeHeadAndRecordTest {

    static final String GOLDEN_TREE = "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n";

    @Test
    void formatsATree() {
        TreeHead t = new TreeHead(123456789012L, Tlog.recordHash("hello world".getBytes(StandardCharsets.UTF_8)));
        assertThat(t.format()).isEqualTo(GOLDEN_TREE);
    }

    @Test
    void parsesATreeAndIgnoresTrailingLines() throws Exception {
        TreeHead want = new TreeHead(123456789012L, Tlog.recordHash("hello world".getBytes(StandardCharsets.UTF_8)));
        assertThat(TreeHead.parse(GOLDEN_TREE)).isEqualTo(want);
        assertThat(TreeHead.parse(GOLDEN_TREE + "JOE")).isEqualTo(want);
        assertThat(TreeHead.parse(GOLDEN_TREE + "JOE\n")).isEqualTo(want);
        assertThat(TreeHead.parse(GOLDEN_TREE + "JOE\n".repeat(1000))).isEqualTo(want);
    }

    @Test
    void rejectsMalformedTrees() {
        for (String bad : new String[] {
            "not-" + GOLDEN_TREE,
            "go.sum database tree\n0xabcdef\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
            "go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBTOOBIG=\n",
            // not canonical decimal, negative, missing final newline
            "go.sum database tree\n0123\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
            "go.sum database tree\n-1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n",
            "go.sum database tree\n1\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=",
        }) {
            assertThatThrownBy(() -> TreeHead.parse(bad)).as(bad)
                    .isInstanceOf(SumdbFormatException.class).hasMessage("malformed tree note");
        }
    }

    @Test
    void formatsARecord() {
        byte[] msg = Records.format(123456789012L, utf8("hello, world\n"));
        assertThat(new String(msg, StandardCharsets.UTF_8)).isEqualTo("123456789012\nhello, world\n\n");
        for (String bad : new String[] {"", "hello\nworld", "hello\n\nworld\n", "hello\u0001world\n"}) {
            assertThatThrownBy(() -> Records.format(123456789012L, utf8(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("malformed record data");
        }
    }

    @Test
    void parsesARecordAndReturnsTheRest() throws Exception {
        byte[] in = utf8("123456789012\nhello, world\n\njunk on end\u0001?");
        in[in.length - 1] = (byte) 0xff;
        Records.Parsed r = Records.parse(in);
        assertThat(r.id()).isEqualTo(123456789012L);
        assertThat(r.textString()).isEqualTo("hello, world\n");
        byte[] rest = utf8("junk on end\u0001?");
        rest[rest.length - 1] = (byte) 0xff;
        assertThat(r.rest()).isEqualTo(rest);

        Records.Parsed r2 = Records.parse(utf8("123456789012\nhello, world\n\n"));
        assertThat(r2.id()).isEqualTo(123456789012L);
        assertThat(r2.textString()).isEqualTo("hello, world\n");
        assertThat(r2.rest()).isNotNull().isEmpty();
    }

    @Test
    void rejectsMalformedRecords() {
        byte[] badUtf8 = utf8("123\nhello?world\n\n");
        badUtf8[9] = (byte) 0xff;
        for (byte[] bad : new byte[][] {
            utf8("not-123456789012\nhello, world\n\n"),
            utf8("123\nhello\u0001world\n\n"),
            badUtf8,
            utf8("123\nhello world\n"),
            utf8("0x123\nhello world\n\n"),
            utf8("-1\nhello world\n\n"),
        }) {
            assertThatThrownBy(() -> Records.parse(bad)).as(Arrays.toString(bad))
                    .isInstanceOf(SumdbFormatException.class).hasMessage("malformed record data");
        }
    }

    @Test
    void opensASignedTreeHead() throws Exception {
        SignerKey k = SignerKey.parse(SignedNotesTest.PETER_SKEY);
        TreeHead tree = new TreeHead(5, Tlog.recordHash(utf8("x")));
        SignedTreeHead signed = SignedTreeHead.sign(tree, k);
        assertThat(signed.note()).startsWith(tree.format() + "\n— PeterNeumann ");
        assertThat(SignedTreeHead.open(signed.noteBytes(), k.verifierKey())).isEqualTo(signed);
        VerifierKey other = SignerKey.generate("PeterNeumann").verifierKey();
        assertThatThrownBy(() -> SignedTreeHead.open(signed.noteBytes(), other))
                .isInstanceOf(NoteVerificationException.class).hasMessage("note has no verifiable signatures");
        byte[] note = SignedNotes.sign(Note.of("go.sum database tree\nfive\n" + Hash.ZERO + "\n"), k);
        assertThatThrownBy(() -> SignedTreeHead.open(note, k.verifierKey()))
                .isInstanceOf(SumdbFormatException.class).hasMessage("malformed tree note");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
