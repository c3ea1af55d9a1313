"""A cc_library from one .proto file, compiled by the system protoc."""

def system_cc_proto(name, proto, srcs = [], deps = []):
    """`srcs`: the .proto files `proto` imports (their cc targets in `deps`)."""
    base = proto[:-len(".proto")]
    native.genrule(
        name = name + "_gen",
        srcs = [proto] + srcs,
        outs = [base + ".pb.h", base + ".pb.cc"],
        cmd = "/usr/bin/protoc --proto_path={pkg} --cpp_out=$(GENDIR)/{pkg} $(location {p})".format(p = proto, pkg = native.package_name()),
    )
    native.cc_library(
        name = name,
        srcs = [base + ".pb.cc"],
        hdrs = [base + ".pb.h"],
        # Generated code; its warnings are protoc's, not ours.
        copts = ["-Wno-unused-parameter"],
        includes = ["."],
        deps = deps + ["@system//:protobuf"],
    )
