<#
topoc collect: a read-only snapshot of the Lync Server 2013 voice configuration that topoc
models, written as one JSON file (docs/snapshot.md describes it; docs/snapshot.schema.json is
its JSON Schema).

It only reads: every cmdlet it runs is a Get- cmdlet (and one that drops this PowerShell
session's own type data for arrays, below, which changes nothing else), and the one thing it
writes is the snapshot file. Run it in the Lync Server Management Shell as a member of RTCUniversalReadOnlyAdmins
(or any role that may read the configuration):

    .\topoc-collect.ps1 -Path snapshot.json

Every value is written as text, or as a list of values, whatever its .NET type: enumerations by
name rather than number, identities as Lync prints them. Objects keep the property names of the
cmdlet reference. Nothing is left to ConvertTo-Json's own conversions.
#>
param([string]$Path = 'topoc-snapshot.json')
$ErrorActionPreference = 'Stop'

# Windows PowerShell 3 to 5.1 writes an array that a function returned as
# {"value": [...], "Count": n} unless this session's type data for arrays is
# dropped. This changes nothing but this PowerShell session.
Remove-TypeData System.Array -ErrorAction Ignore

