# -*- coding: utf-8 -*-
# Copyright: (c) 2026, gameops.panels contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AMP simulator's FileManagerPlugin (tests/simulators/amp/files.py): parameter names and result types
as APISpec.json and TypeSpec.json give them (the spec files in tests/amp_spec), base64 chunks, paths
relative to the instance's folder, the trash, and the FileManager.FileManager.* permission nodes."""
from __future__ import annotations

import base64
import hashlib
import json

import pytest

from tests.simulators.amp import AMPSimulator
from tests.simulators.amp.files import DEFAULT_CHUNK_SIZE, TRASH, clean
from tests.simulators.amp.spec import SPEC_DIR
from tests.unit.simulators.amp_helpers import Amp

TYPESPEC = json.loads((SPEC_DIR / "TypeSpec.json").read_text())


def b64(data) -> str:
    return base64.b64encode(data.encode("utf-8") if isinstance(data, str) else data).decode("ascii")


@pytest.fixture(name="amp")
def fixture_amp():
    with AMPSimulator() as sim:
        sim.add_instance("Minecraft01")
        sim.add_instance("Generic01", module="GenericModule")
        yield Amp(sim)


def fields(type_name):
    return [f["Name"] for f in TYPESPEC[type_name]["Fields"]]


def test_listing_and_chunks_have_their_typespec_types(amp):
    listing = amp.call("FileManagerPlugin/GetDirectoryListing", "Minecraft01", Dir="")
    assert [entry["Filename"] for entry in listing] == ["eula.txt", "server.properties"]
    for entry in listing:
        assert list(entry) == fields("DirectoryListing")
        assert entry["Created"].endswith("Z") and isinstance(entry["SizeBytes"], int)
    assert listing[0]["IsEditable"] is True and listing[0]["IsDirectory"] is False and listing[0]["SizeBytes"] == 10
    chunk = amp.call("FileManagerPlugin/GetFileChunk", "Minecraft01", Filename="eula.txt", Position=0, Length=4)
    assert list(chunk) == fields("FileChunkData") and chunk == {"Base64Data": b64("eula"), "BytesLength": 4}
    read = amp.call("FileManagerPlugin/ReadFileChunk", "Minecraft01", Filename="/server.properties", Offset=0)
    assert sorted(read) == sorted(fields("ActionResult")) and read["Status"] is True
    assert base64.b64decode(read["Result"]).startswith(b"#Minecraft server properties\nmotd=")
    part = amp.call("FileManagerPlugin/ReadFileChunk", "Minecraft01", Filename="eula.txt", Offset=5, ChunkSize=100)
    assert base64.b64decode(part["Result"]) == b"true\n"
    past = amp.call("FileManagerPlugin/ReadFileChunk", "Minecraft01", Filename="eula.txt", Offset=500)
    assert past["Status"] is True and past["Result"] == ""
    md5 = amp.call("FileManagerPlugin/CalculateFileMD5Sum", "Minecraft01", FilePath="eula.txt")
    assert md5["Result"] == hashlib.md5(b"eula=true\n").hexdigest()  # nosec: a checksum
    # a Generic instance and the ADS start with empty folders
    assert amp.call("FileManagerPlugin/GetDirectoryListing", "Generic01", Dir="") == []
    assert amp.call("FileManagerPlugin/GetDirectoryListing", Dir="") == []


def test_write_in_chunks_and_read_back(amp):
    sim = amp.sim
    call = amp.call
    assert call("FileManagerPlugin/CreateDirectory", "Minecraft01", NewPath="plugins")["Status"] is True
    assert call("FileManagerPlugin/CreateDirectory", "Minecraft01", NewPath="plugins/Essentials")["Status"] is True
    # one call: a whole file
    whole = call("FileManagerPlugin/WriteFileChunk", "Minecraft01", Filename="plugins/Essentials/config.yml",
                 Data=b64("ops: []\nmotd: hi\n"), Offset=0, FinalChunk=True)
    assert whole == {"Status": True, "Reason": "", "SupportTitle": None, "SupportURL": None}
    files = sim.state.find_instance("Minecraft01").files
    assert files.text("plugins/Essentials/config.yml") == "ops: []\nmotd: hi\n"
    # chunks: offset 0 starts afresh, the final chunk cuts what followed
    call("FileManagerPlugin/WriteFileChunk", "Minecraft01", Filename="server.properties", Data=b64("motd=a\n"),
         Offset=0, FinalChunk=False)
    call("FileManagerPlugin/WriteFileChunk", "Minecraft01", Filename="server.properties", Data=b64("pvp=true\n"),
         Offset=7, FinalChunk=True)
    assert files.text("server.properties") == "motd=a\npvp=true\n"
    past = call("FileManagerPlugin/WriteFileChunk", "Minecraft01", Filename="server.properties", Data=b64("x"),
                Offset=999, FinalChunk=True)
    assert past["Status"] is False and past["Result"] is None
    bad = call("FileManagerPlugin/WriteFileChunk", "Minecraft01", Filename="x.txt", Data="not base64!", Offset=0,
               FinalChunk=True)
    assert bad["Status"] is False
    # the folder must exist; a folder is not a file; outside the instance's folder is refused
    for filename in ("nothing/x.txt", "plugins", "../escape.txt"):
        refused = call("FileManagerPlugin/WriteFileChunk", "Minecraft01", Filename=filename, Data=b64("x"), Offset=0,
                       FinalChunk=True)
        assert refused["Status"] is False, filename
    # AppendFileChunk is Void (JSON null); Delete empties the file first
    assert call("FileManagerPlugin/AppendFileChunk", "Minecraft01", Filename="eula.txt", Data=b64("#x\n"),
                Delete=False) is None
    assert files.text("eula.txt") == "eula=true\n#x\n"
    call("FileManagerPlugin/AppendFileChunk", "Minecraft01", Filename="eula.txt", Data=b64("eula=false\n"), Delete=True)
    assert files.text("eula.txt") == "eula=false\n"
    assert call("FileManagerPlugin/ReleaseFileUploadLock", "Minecraft01", Filename="eula.txt")["Status"] is True
    # a large file is read in chunks of DEFAULT_CHUNK_SIZE when no ChunkSize is given
    big = b"x" * (DEFAULT_CHUNK_SIZE + 10)
    files.put("world/big.dat", big)
    first = call("FileManagerPlugin/ReadFileChunk", "Minecraft01", Filename="world/big.dat", Offset=0)
    assert len(base64.b64decode(first["Result"])) == DEFAULT_CHUNK_SIZE
    listed = call("FileManagerPlugin/GetDirectoryListing", "Minecraft01", Dir="world")
    assert listed[0]["SizeBytes"] == len(big)
    assert [r.call for r in sim.writes()].count("FileManagerPlugin/WriteFileChunk") >= 3
    assert "FileManagerPlugin/ReadFileChunk" not in [r.call for r in sim.writes()]


def test_rename_trash_and_empty(amp):
    call = amp.call
    files = amp.sim.state.find_instance("Minecraft01").files
    call("FileManagerPlugin/CreateDirectory", "Minecraft01", NewPath="config")
    assert call("FileManagerPlugin/CreateDirectory", "Minecraft01", NewPath="config")["Status"] is False  # exists
    assert call("FileManagerPlugin/CreateDirectory", "Minecraft01", NewPath="a/b")["Status"] is False  # no parent
    files.put("config/a.yml", "a: 1\n")
    assert call("FileManagerPlugin/RenameFile", "Minecraft01", Filename="config/a.yml", NewFilename="b.yml")["Status"]
    assert call("FileManagerPlugin/RenameFile", "Minecraft01", Filename="config/a.yml", NewFilename="c.yml")["Status"] is False
    assert call("FileManagerPlugin/RenameFile", "Minecraft01", Filename="config/b.yml",
                NewFilename="sub/c.yml")["Status"] is False  # a name, not a path
    # RenameDirectory's first parameter is spelt oldDirectory in APISpec; the strict simulator holds to it
    wrong = amp.call("FileManagerPlugin/RenameDirectory", "Minecraft01", OldDirectory="config", NewDirectoryName="cfg")
    assert wrong["Title"].startswith("Unknown parameter")
    assert call("FileManagerPlugin/RenameDirectory", "Minecraft01", oldDirectory="config",
                NewDirectoryName="cfg")["Status"] is True
    assert "cfg/b.yml" in files.entries and "config" not in files.entries
    # the trash: a taken name gets a number; the trash itself cannot be trashed; EmptyTrash names it exactly
    files.put("old.txt", "1")
    assert call("FileManagerPlugin/TrashFile", "Minecraft01", Filename="cfg/b.yml")["Status"] is True
    files.put("cfg/b.yml", "again")
    assert call("FileManagerPlugin/TrashFile", "Minecraft01", Filename="cfg/b.yml")["Status"] is True
    assert call("FileManagerPlugin/TrashFile", "Minecraft01", Filename="cfg")["Status"] is False  # a folder
    assert call("FileManagerPlugin/TrashDirectory", "Minecraft01", DirectoryName="cfg")["Status"] is True
    trash = [e["Filename"] for e in call("FileManagerPlugin/GetDirectoryListing", "Minecraft01", Dir=TRASH)]
    assert trash == ["cfg", "b (1).yml", "b.yml"]
    assert call("FileManagerPlugin/TrashDirectory", "Minecraft01", DirectoryName=TRASH)["Status"] is False
    assert call("FileManagerPlugin/EmptyTrash", "Minecraft01", TrashDirectoryName="trashed files")["Status"] is False
    assert call("FileManagerPlugin/EmptyTrash", "Minecraft01", TrashDirectoryName=TRASH)["Status"] is True
    assert call("FileManagerPlugin/GetDirectoryListing", "Minecraft01", Dir=TRASH) == []
    assert call("FileManagerPlugin/TrashFile", "Minecraft01", Filename="nothing.txt")["Status"] is False


def test_missing_files_and_paths_outside(amp):
    call = amp.call
    assert call("FileManagerPlugin/ReadFileChunk", "Minecraft01", Filename="nope.txt", Offset=0)["Status"] is False
    missing = call("FileManagerPlugin/GetFileChunk", "Minecraft01", Filename="nope.txt", Position=0, Length=1)
    assert sorted(missing) == sorted(fields("ErrorResponse"))
    assert call("FileManagerPlugin/GetDirectoryListing", "Minecraft01", Dir="nothing") == []
    assert call("FileManagerPlugin/GetDirectoryListing", "Minecraft01", Dir="eula.txt") == []
    assert call("FileManagerPlugin/GetDirectoryListing", "Minecraft01", Dir="../..") == []
    assert call("FileManagerPlugin/ReadFileChunk", "Minecraft01", Filename="../x", Offset=0)["Status"] is False
    assert clean("/a/./b//c/../d") == "a/b/d" and clean("a\\b") == "a/b" and clean("") == ""
    # types are checked against APISpec: Offset is an Int64
    typed = amp.call("FileManagerPlugin/ReadFileChunk", "Minecraft01", Filename="eula.txt", Offset="0")
    assert typed["Title"].startswith("Invalid parameter")


def test_permission_nodes(amp):
    sim = amp.sim
    instance = sim.state.find_instance("Minecraft01")
    nodes = {"FileManager.FileManager.BrowseFiles": True, "FileManager.FileManager.RenameFiles": True}
    sim.add_role("Browsers", instance_permissions={"Minecraft01": nodes},
                 permissions={"Instances.%s.Manage" % instance.id: True})
    sim.add_user("viewer", password="Viewer-Pass-1", roles=["Browsers"])
    listed = amp.call_as("viewer", "Viewer-Pass-1", "FileManagerPlugin/GetDirectoryListing", "Minecraft01", Dir="")
    assert [e["Filename"] for e in listed] == ["eula.txt", "server.properties"]
    read = amp.call_as("viewer", "Viewer-Pass-1", "FileManagerPlugin/ReadFileChunk", "Minecraft01", Filename="eula.txt",
                       Offset=0)
    assert read["Title"] == "Unauthorized Access"  # needs DownloadFiles
    write = amp.call_as("viewer", "Viewer-Pass-1", "FileManagerPlugin/WriteFileChunk", "Minecraft01", Filename="x.txt",
                        Data=b64("x"), Offset=0, FinalChunk=True)
    assert write["Title"] == "Unauthorized Access"  # needs UploadFiles
    # a rename that changes the extension needs ChangeFileExtension as well
    same = amp.call_as("viewer", "Viewer-Pass-1", "FileManagerPlugin/RenameFile", "Minecraft01", Filename="eula.txt",
                       NewFilename="eula2.txt")
    assert same["Status"] is True
    other = amp.call_as("viewer", "Viewer-Pass-1", "FileManagerPlugin/RenameFile", "Minecraft01", Filename="eula2.txt",
                        NewFilename="eula2.cfg")
    assert other["Title"] == "Unauthorized Access"
    # AMP's own .kvp configuration files need ModifyAMPConfigFiles on top of UploadFiles
    sim.add_role("Uploaders", instance_permissions={"Minecraft01": {"FileManager.FileManager.UploadFiles": True}},
                 permissions={"Instances.%s.Manage" % instance.id: True})
    sim.add_user("uploader", password="Upload-Pass-1", roles=["Uploaders"])
    plain = amp.call_as("uploader", "Upload-Pass-1", "FileManagerPlugin/WriteFileChunk", "Minecraft01",
                        Filename="notes.txt", Data=b64("x"), Offset=0, FinalChunk=True)
    assert plain["Status"] is True
    kvp = amp.call_as("uploader", "Upload-Pass-1", "FileManagerPlugin/WriteFileChunk", "Minecraft01",
                      Filename="GenericModule.kvp", Data=b64("x"), Offset=0, FinalChunk=True)
    assert kvp["Title"] == "Unauthorized Access"
