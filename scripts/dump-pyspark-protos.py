"""Writes the Spark Connect protocol of the installed pyspark as a FileDescriptorSet (stdout).

Used by scripts/gen-proto when Maven Central does not serve a Spark release's proto jar: the
pyspark package of that release embeds the serialized file descriptors in its *_pb2.py modules.
The google/rpc status and error-details descriptors come from googleapis-common-protos, which
pyspark[connect] depends on. Files are written dependencies first, as buf expects.
"""

import importlib
import sys

from google.protobuf import descriptor_pb2

MODULES = [
    "pyspark.sql.connect.proto.base_pb2",
    "pyspark.sql.connect.proto.catalog_pb2",
    "pyspark.sql.connect.proto.commands_pb2",
    "pyspark.sql.connect.proto.common_pb2",
    "pyspark.sql.connect.proto.expressions_pb2",
    "pyspark.sql.connect.proto.ml_common_pb2",
    "pyspark.sql.connect.proto.ml_pb2",
    "pyspark.sql.connect.proto.pipelines_pb2",
    "pyspark.sql.connect.proto.relations_pb2",
    "pyspark.sql.connect.proto.types_pb2",
    "google.rpc.status_pb2",
    "google.rpc.error_details_pb2",
]


def main() -> None:
    seen: dict = {}
    order: list = []

    def add(fd) -> None:
        if fd.name in seen:
            return
        for dep in fd.dependencies:
            add(dep)
        proto = descriptor_pb2.FileDescriptorProto()
        fd.CopyToProto(proto)
        seen[fd.name] = proto
        order.append(fd.name)

    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            # Older releases lack some files (ml in 3.5, pipelines before 4.1).
            print(f"dump-pyspark-protos: {name} not in this release", file=sys.stderr)
            continue
        add(module.DESCRIPTOR)
    out = descriptor_pb2.FileDescriptorSet()
    out.file.extend(seen[n] for n in order)
    sys.stdout.buffer.write(out.SerializeToString())


if __name__ == "__main__":
    main()
