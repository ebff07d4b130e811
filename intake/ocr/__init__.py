"""OCR engines as plug-ins behind one small interface (`OcrEngine.read`)."""
