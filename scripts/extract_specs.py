#!/usr/bin/env python3
"""Extract compact, documentation-free AWS API models from botocore into specs/.

Basin's wire layer is generic: every request and response is read and written from these
models, and the C# request/response types are generated from them (scripts/generate_model.py).
Run again after upgrading botocore; the output is deterministic so diffs show API changes.

    python3 scripts/extract_specs.py            # writes specs/<service>.json
"""
import json
import pathlib
import sys

import botocore
import botocore.loaders

# The services Basin covers. Key: file name under specs/ (= botocore's service name).
SERVICES = ["s3", "s3control", "sts", "kinesis", "firehose", "glue", "athena", "stepfunctions", "lambda",
            "dynamodb", "sqs", "events", "scheduler", "redshift-data"]

# Keys that carry only prose or client-side hints; everything else in the model is kept.
DROPPED_KEYS = {"documentation", "documentationUrl", "deprecatedMessage", "examples",
                "deprecatedSince", "endpointdiscovery", "endpointoperation", "staticContextParams",
                "contextParam", "unsignedPayload", "auth", "authtype"}
METADATA_KEYS = ["apiVersion", "endpointPrefix", "jsonVersion", "protocol", "serviceId",
                 "signingName", "targetPrefix", "xmlNamespace", "uid", "globalEndpoint"]

# botocore does not carry the XML root element names of S3 responses (Smithy's @xmlName on the
# output structure); its parser ignores the root. Basin writes what S3 writes, so the names from
# the Amazon S3 API Reference ("Response Syntax" of each action) are added here as locationName.
S3_XML_ROOTS = {
    "ListBucketsOutput": "ListAllMyBucketsResult",
    "ListObjectsOutput": "ListBucketResult",
    "ListObjectsV2Output": "ListBucketResult",
    "ListObjectVersionsOutput": "ListVersionsResult",
    "CreateMultipartUploadOutput": "InitiateMultipartUploadResult",
    "CompleteMultipartUploadOutput": "CompleteMultipartUploadResult",
    "ListPartsOutput": "ListPartsResult",
    "ListMultipartUploadsOutput": "ListMultipartUploadsResult",
    "DeleteObjectsOutput": "DeleteResult",
    "GetBucketLocationOutput": "LocationConstraint",
    "GetBucketTaggingOutput": "Tagging",
    "GetObjectTaggingOutput": "Tagging",
    "GetBucketVersioningOutput": "VersioningConfiguration",
    "GetBucketAclOutput": "AccessControlPolicy",
    "GetObjectAclOutput": "AccessControlPolicy",
    "GetBucketLifecycleConfigurationOutput": "LifecycleConfiguration",
    "GetBucketCorsOutput": "CORSConfiguration",
    "GetBucketLoggingOutput": "BucketLoggingStatus",
    "GetObjectAttributesOutput": "GetObjectAttributesResponse",
    "GetBucketRequestPaymentOutput": "RequestPaymentConfiguration",
    "GetBucketWebsiteOutput": "WebsiteConfiguration",
    "GetBucketAccelerateConfigurationOutput": "AccelerateConfiguration",
    "NotificationConfiguration": "NotificationConfiguration",
}
# Request payload roots S3 reads under a name other than the shape's (the XML element the
# clients send is the member's locationName, which botocore keeps); nothing to add today.


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROPPED_KEYS}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def compact(name, model):
    meta = {k: model["metadata"][k] for k in METADATA_KEYS if k in model["metadata"]}
    ops = {n: strip({k: v for k, v in op.items() if k != "name"})
           for n, op in sorted(model["operations"].items())}
    shapes = {n: strip(s) for n, s in sorted(model["shapes"].items())}
    if name == "s3":
        # Every S3 response document carries this namespace (S3 API Reference, response syntax).
        meta["xmlNamespace"] = "http://s3.amazonaws.com/doc/2006-03-01/"
        # S3's errors are a bare <Error> (Smithy's @restXml(noErrorWrapping: true)); other
        # rest-xml services, S3 Control among them, wrap it in <ErrorResponse>.
        meta["noErrorWrapping"] = True
        for shape, root in S3_XML_ROOTS.items():
            if shape in shapes:
                shapes[shape]["locationName"] = root
    if name == "s3control":
        # S3 Control's documents carry this namespace (S3 Control API Reference, response syntax).
        meta["xmlNamespace"] = "http://awss3control.amazonaws.com/doc/2018-08-20/"
    return {"metadata": meta, "botocoreVersion": botocore.__version__,
            "operations": ops, "shapes": shapes}


def main():
    out = pathlib.Path(__file__).resolve().parent.parent / "specs"
    out.mkdir(exist_ok=True)
    loader = botocore.loaders.Loader()
    for name in SERVICES:
        model = loader.load_service_model(name, "service-2")
        text = json.dumps(compact(name, model), indent=None, separators=(",", ":"), sort_keys=False)
        (out / f"{name}.json").write_text(text + "\n", encoding="utf-8")
        print(f"{name}: {len(model['operations'])} operations, {len(model['shapes'])} shapes",
              file=sys.stderr)


if __name__ == "__main__":
    main()
