package org.lightweb.server.media;

/**
 * The size of a thumbnail. {@code scale} fits the image inside the requested box keeping its aspect ratio and
 * never enlarges it; {@code crop} fills exactly the requested box (scaled to cover it, centre kept).
 */
public record ThumbnailSize(int width, int height) {
    public static ThumbnailSize scale(int imageWidth, int imageHeight, int boxWidth, int boxHeight) {
        if (imageWidth <= boxWidth && imageHeight <= boxHeight) return new ThumbnailSize(imageWidth, imageHeight);
        double factor = Math.min((double) boxWidth / imageWidth, (double) boxHeight / imageHeight);
        return new ThumbnailSize(Math.max(1, (int) Math.round(imageWidth * factor)),
                Math.max(1, (int) Math.round(imageHeight * factor)));
    }

    public static ThumbnailSize crop(int boxWidth, int boxHeight) {
        return new ThumbnailSize(boxWidth, boxHeight);
    }
}
