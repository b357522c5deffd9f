package org.lightweb.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightweb.core.MatrixException;

class ThumbnailerTest {
    @TempDir
    Path dir;

    private Path png(int w, int h, int type) throws Exception {
        Path p = dir.resolve("img" + w + "x" + h + "-" + type + ".png");
        ImageIO.write(new BufferedImage(w, h, type), "png", p.toFile());
        return p;
    }

    @Test
    void generateShouldScaleAndKeepPngWhenTheImageHasAlpha() throws Exception {
        var t = new Thumbnailer(1_000_000).generate(png(400, 200, BufferedImage.TYPE_INT_ARGB), 100, 100, false);
        assertThat(t.contentType()).isEqualTo("image/png");
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(t.bytes()));
        assertThat(out.getWidth()).isEqualTo(100);
        assertThat(out.getHeight()).isEqualTo(50);
    }

    @Test
    void generateShouldCropToJpegWhenTheImageIsOpaque() throws Exception {
        var t = new Thumbnailer(1_000_000).generate(png(400, 200, BufferedImage.TYPE_INT_RGB), 64, 64, true);
        assertThat(t.contentType()).isEqualTo("image/jpeg");
        BufferedImage out = ImageIO.read(new ByteArrayInputStream(t.bytes()));
        assertThat(out.getWidth()).isEqualTo(64);
        assertThat(out.getHeight()).isEqualTo(64);
    }

    @Test
    void generateShouldRefuseWhenTheImageHasMorePixelsThanAllowed() throws Exception {
        Path big = png(2000, 2000, BufferedImage.TYPE_BYTE_BINARY);
        assertThatThrownBy(() -> new Thumbnailer(1_000_000).generate(big, 10, 10, false))
                .isInstanceOf(MatrixException.class).hasMessageContaining("too large");
    }

    @Test
    void generateShouldRefuseWhenTheFileIsNotAnImage() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> new Thumbnailer(1_000_000).generate(text, 10, 10, false))
                .isInstanceOf(MatrixException.class).satisfies(e -> assertThat(((MatrixException) e).status()).isEqualTo(400));
    }
}
