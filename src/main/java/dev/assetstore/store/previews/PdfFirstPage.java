package dev.assetstore.store.previews;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

/**
 * A PDF's first page with PDFBox, at the resolution the box needs (a PDF is vector: it is drawn for
 * the box, not decoded and shrunk). PDFBox has no JavaScript engine and renders only the page's
 * content stream and annotation appearances: document actions, JavaScript and embedded files are
 * parsed as objects, never run or extracted. Its scratch (decoded streams) goes to temporary files
 * in our scratch directory, not the heap, and is deleted when the document closes.
 */
final class PdfFirstPage {
  /** Scratch on disk per document, at most: a stream decoding larger than this fails the render. */
  private static final long MAX_SCRATCH_BYTES = 512L * 1024 * 1024;

  private PdfFirstPage() {}

  static Decoded render(Path source, PreviewParams p, Path scratch, Abort abort)
      throws IOException {
    MemoryUsageSetting memory =
        MemoryUsageSetting.setupTempFileOnly(MAX_SCRATCH_BYTES).setTempDir(scratch.toFile());
    try (PDDocument doc =
        Loader.loadPDF(new RandomAccessReadBufferedFile(source.toFile()), memory.streamCache)) {
      if (doc.getNumberOfPages() < 1) {
        throw Unreadable.corrupt();
      }
      abort.check();
      PDPage page = doc.getPage(0);
      PDRectangle box = page.getCropBox();
      float pw = box.getWidth();
      float ph = box.getHeight();
      if ((page.getRotation() / 90) % 2 != 0) {
        float t = pw;
        pw = ph;
        ph = t;
      }
      if (!(pw > 0 && ph > 0)) {
        throw Unreadable.corrupt();
      }
      float scale = p.cover() ? Math.max(p.w() / pw, p.h() / ph) : Math.min(p.w() / pw, p.h() / ph);
      // The rendered page covers the box; its pixel count is bounded by the box, not the file.
      long pixels = (long) Math.ceil(pw * scale) * (long) Math.ceil(ph * scale);
      if (pixels > Renderer.MAX_PIXELS) {
        throw Unreadable.tooLarge((long) (pw * scale), (long) (ph * scale));
      }
      PDFRenderer renderer = new Stoppable(doc, abort);
      renderer.setSubsamplingAllowed(true);
      BufferedImage img = renderer.renderImage(0, scale, ImageType.RGB);
      abort.check();
      // Vector: the natural size is the box itself (nothing is enlarged from stored pixels).
      return new Decoded(img, img.getWidth(), img.getHeight());
    }
  }

  /** A renderer whose page drawer checks the stop signal before every operator. */
  private static final class Stoppable extends PDFRenderer {
    private final Abort abort;

    Stoppable(PDDocument doc, Abort abort) {
      super(doc);
      this.abort = abort;
    }

    @Override
    protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
      return new PageDrawer(parameters) {
        @Override
        protected void processOperator(Operator operator, List<COSBase> operands)
            throws IOException {
          abort.check();
          super.processOperator(operator, operands);
        }
      };
    }
  }
}
