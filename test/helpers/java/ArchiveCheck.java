// Opens a model archive with a real server's Java archive code, as the frontend does on
// registration: TorchServe's org.pytorch.serve.archive.model.ModelArchive (ZipUtils.unzip on
// ZipInputStream, or the tar.gz path) or MMS's com.amazonaws.ml.mms.archive.ModelArchive.
// Run as a single-file program (Java 11+) with the server's compiled archive classes and their
// jars on the class path:
//   java -Djava.io.tmpdir=DIR -cp CLASSPATH ArchiveCheck.java torchserve|mms MODEL_STORE FILE_NAME
// Prints one JSON line describing the loaded model, or the server's exception and exit 1.
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public class ArchiveCheck {
    public static void main(String[] args) throws Exception {
        String server = args[0];
        String store = args[1];
        String name = args[2];
        try {
            Object archive;
            if (server.equals("torchserve")) {
                Class<?> type = Class.forName("org.pytorch.serve.archive.model.ModelArchive");
                archive = type.getMethod("downloadModel", List.class, String.class, String.class)
                        .invoke(null, List.of("file://.*|http(s)?://.*"), store, name);
            } else {
                Class<?> type = Class.forName("com.amazonaws.ml.mms.archive.ModelArchive");
                archive = type.getMethod("downloadModel", String.class, String.class).invoke(null, store, name);
            }
            Object manifest = archive.getClass().getMethod("getManifest").invoke(archive);
            Object model = manifest.getClass().getMethod("getModel").invoke(manifest);
            Object version = model.getClass().getMethod("getModelVersion").invoke(model);
            // TorchServe's ModelManager defaults a missing version before validate(); MMS never reads it.
            if (server.equals("torchserve") && version == null) {
                model.getClass().getMethod("setModelVersion", String.class).invoke(model, "1.0");
            }
            archive.getClass().getMethod("validate").invoke(archive);
            File dir = (File) archive.getClass().getMethod("getModelDir").invoke(archive);
            List<String> files = new ArrayList<>();
            list(dir, "", files);
            Collections.sort(files);
            System.out.println("{\"name\":" + quote(model.getClass().getMethod("getModelName").invoke(model))
                    + ",\"version\":" + quote(version)
                    + ",\"handler\":" + quote(model.getClass().getMethod("getHandler").invoke(model))
                    + ",\"runtime\":" + quote(manifest.getClass().getMethod("getRuntime").invoke(manifest))
                    + ",\"files\":[" + String.join(",", files.stream().map(ArchiveCheck::quote).toList()) + "]}");
        } catch (InvocationTargetException e) {
            System.err.println(e.getCause());
            System.exit(1);
        }
    }

    private static void list(File dir, String prefix, List<String> out) {
        File[] children = dir.listFiles();
        if (children == null) return;
        for (File child : children) {
            String path = prefix.isEmpty() ? child.getName() : prefix + "/" + child.getName();
            if (child.isDirectory()) list(child, path, out);
            else out.add(path);
        }
    }

    private static String quote(Object value) {
        if (value == null) return "null";
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
