package org.lightweb.server.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;
import org.lightweb.core.ErrCode;
import org.lightweb.core.MatrixException;

/**
 * Makes one thumbnail from an image file (PNG, JPEG, GIF's first frame, WebP through TwelveMonkeys). The image's
 * dimensions are read from its header first and images over {@code maxPixels} are refused before any pixel is
 * decoded, so a small file that claims to be 60000x60000 cannot exhaust memory. Blocking: run on a worker.
 */
public final class Thumbnailer {
    static final Set<String> FORMATS = Set.of("png", "jpeg", "jpg", "gif", "webp");

    /** An encoded thumbnail. */
    public record Generated(byte[] bytes, String contentType, int width, int height) {}

    private final long maxPixels;

    public Thumbnailer(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    static MatrixException notThumbnailable() {
        return new MatrixException(400, ErrCode.M_UNKNOWN,
                "Cannot generate a thumbnail for this media: it is not a PNG, JPEG, GIF or WebP image");
    }

    public Generated generate(Path file, int boxWidth, int boxHeight, boolean crop) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) throw notThumbnailable();
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw notThumbnailable();
            ImageReader reader = readers.next();
            try {
                if (!FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) throw notThumbnailable();
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0) throw notThumbnailable();
                if ((long) width * height > maxPixels) {
                    throw new MatrixException(400, ErrCode.M_UNKNOWN, "Image is too large to thumbnail ("
                            + width + "x" + height + ")");
                }
                BufferedImage image = reader.read(0);
                return encode(image, crop ? ThumbnailSize.crop(boxWidth, boxHeight)
                        : ThumbnailSize.scale(width, height, boxWidth, boxHeight), crop);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MatrixException m) throw m;
            throw notThumbnailable();
        }
    }

    /** PNG when the image has transparency to keep, JPEG otherwise. */
    private static Generated encode(BufferedImage image, ThumbnailSize size, boolean crop) throws IOException {
        boolean alpha = image.getColorModel().hasAlpha();
        var builder = Thumbnails.of(image).size(size.width(), size.height());
        builder = crop ? builder.crop(Positions.CENTER) : builder.keepAspectRatio(false);
        builder = alpha ? builder.outputFormat("png") : builder.outputFormat("jpg").imageType(BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.toOutputStream(out);
        return new Generated(out.toByteArray(), alpha ? "image/png" : "image/jpeg", size.width(), size.height());
    }
}
