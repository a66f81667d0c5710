"""ModelArts adapter: multipart/form-data requests as the platform hands them to the service."""
import importlib.util
import os
import struct
import sys
import unittest
import zlib

from mctl_runtime import adapters
from test_adapters import load

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GUIDE_SERVICE = os.path.join(ROOT, "fixtures", "guides", "modelarts-mnist", "model", "customize_service.py")


def png(width, height, pixel):
    """A grayscale PNG, written with the standard library: pixel(x, y) -> 0..255."""

    def chunk(kind, payload):
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    rows = b"".join(b"\x00" + bytes(pixel(x, y) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def form(parts, boundary="mctl-test-boundary"):
    """A multipart/form-data body of (field, file_name, bytes) parts, as curl -F sends it."""
    body = b""
    for field, name, content in parts:
        body += (
            b'--%s\r\nContent-Disposition: form-data; name="%s"; filename="%s"\r\nContent-Type: image/png\r\n\r\n'
            % (boundary.encode(), field.encode(), name.encode())
        )
        body += content + b"\r\n"
    return body + b"--%s--\r\n" % boundary.encode(), "multipart/form-data; boundary=" + boundary


# The guide's _preprocess loop, with the standard library where the guide uses Pillow.
with open(os.path.join(ROOT, "fixtures", "shapes", "modelarts_form_sizes.py"), encoding="utf-8") as _f:
    SHAPES = _f.read()


class FormDataTests(unittest.TestCase):
    def tearDown(self):
        sys.modules.pop("customize_service", None)

    def test_each_field_maps_real_file_names_to_file_objects(self):
        adapter = load("modelarts", {"customize_service.py": SHAPES}, "customize_service.py")
        body, content_type = form(
            [
                ("image1", "cat.png", png(3, 2, lambda x, y: 0)),
                ("images2", "horse.png", png(5, 4, lambda x, y: 9)),
                ("image1", "dog.png", png(1, 1, lambda x, y: 1)),
            ]
        )
        self.assertEqual(
            adapter.predict(body, content_type),
            {"image1": {"cat.png": [3, 2], "dog.png": [1, 1]}, "images2": {"horse.png": [5, 4]}},
        )

    def test_a_body_without_its_closing_boundary_is_rejected_before_the_service(self):
        adapter = load("modelarts", {"customize_service.py": SHAPES}, "customize_service.py")
        body, content_type = form([("images", "a.png", b"x")])
        with self.assertRaises(adapters.PayloadRejected):
            adapter.predict(body[: -len("--\r\n") - 4], content_type)


@unittest.skipUnless(
    importlib.util.find_spec("PIL") and importlib.util.find_spec("numpy"), "Pillow and numpy are not installed"
)
class GuideMnistTests(unittest.TestCase):
    """The guide's TensorFlow MnistService, verbatim, on a form upload of a 28x28 PNG."""

    def tearDown(self):
        sys.modules.pop("customize_service", None)

    def test_the_guides_mnist_service_reads_the_upload_and_answers_as_the_guide_shows(self):
        with open(GUIDE_SERVICE, encoding="utf-8") as f:
            adapter = load("modelarts", {"customize_service.py": f.read()}, "customize_service.py")
        seen = {}

        def model(data):
            # Stands in for TF Serving, which mctl cannot run: the scores put digit 7 first.
            seen.update({k: (v.shape, str(v.dtype), float(v.sum())) for k, v in data.items()})
            return {"scores": [[0.0, 0.1, 0.0, 0.0, 0.2, 0.0, 0.0, 0.9, 0.0, 0.0]]}

        adapter.service._inference = model
        digit = png(28, 28, lambda x, y: 255 if (y == 6 and 8 <= x <= 20) or (y > 6 and x == 20 - (y - 6) // 2) else 0)
        body, content_type = form([("images", "test.png", digit)])
        self.assertEqual(adapter.predict(body, content_type), {"mnist_result": 7})
        shape, dtype, total = seen["images"]
        self.assertEqual((shape, dtype), ((1, 784), "float32"))
        self.assertEqual(total, 255.0 * sum(digit_pixels(digit)))


def digit_pixels(data):
    """The lit pixels of a PNG made by png(): decoded back with zlib, not with Pillow."""
    width, height = struct.unpack(">II", data[16:24])
    start = data.index(b"IDAT") + 4
    length = struct.unpack(">I", data[start - 8 : start - 4])[0]
    rows = zlib.decompress(data[start : start + length])
    return [1 for y in range(height) for x in range(width) if rows[y * (width + 1) + 1 + x]]


if __name__ == "__main__":
    unittest.main()
