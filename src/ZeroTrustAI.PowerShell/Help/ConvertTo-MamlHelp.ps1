<#
.SYNOPSIS
Compiles the cmdlet help pages (docs/cmdlets/*.md) into the module's MAML help file.

.DESCRIPTION
Each page follows one fixed layout: "# <Name>", then "## SYNOPSIS", "## SYNTAX", "## DESCRIPTION", "## EXAMPLES"
("### Example N: <title>", a fenced code block, then remarks), "## PARAMETERS" ("### -Name" and its description),
"## INPUTS", "## OUTPUTS", "## NOTES" and optionally "## RELATED LINKS".

The words come from the page; everything a page could get wrong about the command itself (parameter sets, types,
mandatory, position, pipeline input, aliases, wildcards) comes from the compiled cmdlet, read with Get-Command on
the staged module. So the SYNTAX block of a page is for readers of the markdown only. A page for a command the
module does not have, or a "### -Name" for a parameter the command does not have, stops the build; a missing
section does not: the help-coverage tests report it.

Run it in a child process: it imports the staged module, which Windows would then keep locked.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)][string] $DocsPath,
    [Parameter(Mandatory)][string] $ModuleManifest,
    [Parameter(Mandatory)][string] $OutputPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$mamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$commandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$devNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

# Parameters every cmdlet gets from PowerShell; -WhatIf/-Confirm are documented only when a page does so.
$commonParameters = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
$shouldProcessText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

# Splits a page into its "## " sections (and each section into "### " subsections), ignoring headings inside
# fenced code blocks, where "# comment" lines are common.
function Read-HelpPage {
    param([string] $Path)
    $page = [ordered]@{ Name = $null; Sections = [ordered]@{} }
    $section = $null
    $subsection = $null
    $inFence = $false
    foreach ($line in [System.IO.File]::ReadAllLines($Path)) {
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^# (.+?)\s*$' -and -not $page.Name) { $page.Name = $Matches[1]; continue }
        if (-not $inFence -and $line -match '^## (.+?)\s*$') {
            $section = [ordered]@{ Lines = [System.Collections.Generic.List[string]]::new(); Subsections = [ordered]@{} }
            $page.Sections[$Matches[1].ToUpperInvariant()] = $section
            $subsection = $null
            continue
        }
        if (-not $inFence -and $line -match '^### (.+?)\s*$' -and $null -ne $section) {
            $subsection = [System.Collections.Generic.List[string]]::new()
            $section.Subsections[$Matches[1]] = $subsection
            continue
        }
        if ($null -ne $subsection) { $subsection.Add($line) } elseif ($null -ne $section) { $section.Lines.Add($line) }
    }
    if (-not $page.Name) { throw "$Path has no '# <Name>' title line." }
    $page
}

# Markdown lines to paragraphs: blank lines separate paragraphs, wrapped lines are joined, each list item is its own
# paragraph, fenced blocks are kept verbatim (or dropped with -SkipCode).
function ConvertTo-Paragraphs {
    param([string[]] $Lines, [switch] $SkipCode)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    $code = $null
    $flush = {
        if ($current.Count -gt 0) { $paragraphs.Add(($current -join ' ').Trim()); $current.Clear() }
    }
    foreach ($line in $Lines) {
        if ($line -match '^\s*```') {
            if ($null -eq $code) { & $flush; $code = [System.Collections.Generic.List[string]]::new() }
            else {
                if (-not $SkipCode -and $code.Count -gt 0) { $paragraphs.Add(($code -join [Environment]::NewLine)) }
                $code = $null
            }
            continue
        }
        if ($null -ne $code) { $code.Add($line); continue }
        if ($line -match '^\s*$') { & $flush; continue }
        if ($line -match '^\s*([-*]|\d+\.)\s+') { & $flush }
        $current.Add($line.Trim())
    }
    & $flush
    , $paragraphs.ToArray()
}

# The first fenced block of an example is its code; the rest of the text is the remarks.
function Split-Example {
    param([string[]] $Lines)
    $code = [System.Collections.Generic.List[string]]::new()
    $rest = [System.Collections.Generic.List[string]]::new()
    $state = 'before'
    foreach ($line in $Lines) {
        if ($state -ne 'after' -and $line -match '^\s*```') {
            $state = if ($state -eq 'before') { 'in' } else { 'after' }
            continue
        }
        if ($state -eq 'in') { $code.Add($line) } else { $rest.Add($line) }
    }
    @{ Code = ($code -join [Environment]::NewLine).Trim(); Remarks = ConvertTo-Paragraphs $rest }
}

function Write-Paragraphs {
    param([System.Xml.XmlWriter] $Writer, [string[]] $Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $mamlNs)
    foreach ($p in $Paragraphs) { $Writer.WriteElementString('maml', 'para', $mamlNs, $p) }
    $Writer.WriteEndElement()
}

function Get-PipelineInputText {
    param($Parameter)
    $ways = @()
    if ($Parameter.ValueFromPipelineByPropertyName) { $ways += 'ByPropertyName' }
    if ($Parameter.ValueFromPipeline) { $ways += 'ByValue' }
    if ($ways) { "True ($($ways -join ', '))" } else { 'False' }
}

function Get-TypeName {
    param([type] $Type)
    if ($Type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $Type.Name
}

# One <command:parameter>; $Info is a CommandParameterInfo (from a parameter set), $Metadata the ParameterMetadata.
function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Info, $Metadata, [string[]] $Description, [bool] $Required, [string] $Position)
    $type = $Info.ParameterType
    $elementType = if ($type.IsArray) { $type.GetElementType() } else { $type }
    $isSwitch = $type -eq [System.Management.Automation.SwitchParameter]
    $wildcards = [bool]($Metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })

    $Writer.WriteStartElement('command', 'parameter', $commandNs)
    $Writer.WriteAttributeString('required', $Required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $type.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $wildcards.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInputText $Info))
    $Writer.WriteAttributeString('position', $Position)
    $Writer.WriteAttributeString('aliases', $(if ($Info.Aliases.Count) { $Info.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $mamlNs, $Info.Name)
    Write-Paragraphs $Writer $Description
    if ($elementType.IsEnum) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $commandNs)
        foreach ($value in [Enum]::GetNames($elementType)) {
            $Writer.WriteStartElement('command', 'parameterValue', $commandNs)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not $isSwitch) {
        $Writer.WriteStartElement('command', 'parameterValue', $commandNs)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', $type.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString((Get-TypeName $type))
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $devNs)
    $Writer.WriteElementString('maml', 'name', $mamlNs, $type.FullName)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $devNs, $(if ($isSwitch) { 'False' } else { 'None' }))
    $Writer.WriteEndElement()
}

function Write-TypeList {
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, $Section)
    $Writer.WriteStartElement('command', $ListName, $commandNs)
    if ($Section) {
        $entries = if ($Section.Subsections.Count) { $Section.Subsections.GetEnumerator() | ForEach-Object { @{ Name = $_.Key; Lines = $_.Value } } }
                   else { @{ Name = 'None'; Lines = $Section.Lines } }
        foreach ($entry in @($entries)) {
            $Writer.WriteStartElement('command', $ItemName, $commandNs)
            $Writer.WriteStartElement('dev', 'type', $devNs)
            $Writer.WriteElementString('maml', 'name', $mamlNs, $entry.Name)
            $Writer.WriteEndElement()
            Write-Paragraphs $Writer (ConvertTo-Paragraphs $entry.Lines)
            $Writer.WriteEndElement()
        }
    }
    $Writer.WriteEndElement()
}

function Write-Command {
    param([System.Xml.XmlWriter] $Writer, $Page, [System.Management.Automation.CommandInfo] $Command, [string] $PagePath)
    $sections = $Page.Sections
    $section = { param($name) if ($sections.Contains($name)) { $sections[$name] } else { $null } }
    $linesOf = { param($name) $s = & $section $name; if ($s) { $s.Lines.ToArray() } else { @() } }

    $parameterDocs = @{}
    $parametersSection = & $section 'PARAMETERS'
    if ($parametersSection) {
        foreach ($entry in $parametersSection.Subsections.GetEnumerator()) {
            $name = $entry.Key.TrimStart('-')
            if (-not $Command.Parameters.ContainsKey($name)) {
                throw "$PagePath documents -$name, but $($Command.Name) has no such parameter."
            }
            $parameterDocs[$name] = ConvertTo-Paragraphs $entry.Value.ToArray() -SkipCode
        }
    }
    $describe = {
        param($name)
        if ($parameterDocs.ContainsKey($name)) { $parameterDocs[$name] }
        elseif ($shouldProcessText.ContainsKey($name)) { , @($shouldProcessText[$name]) }
        else { , @() }
    }
    $documented = { param($name) -not ($commonParameters -contains $name) -or $shouldProcessText.ContainsKey($name) }

    $Writer.WriteStartElement('command', 'command', $commandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $mamlNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $devNs)

    $Writer.WriteStartElement('command', 'details', $commandNs)
    $Writer.WriteElementString('command', 'name', $commandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $commandNs, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $commandNs, $Command.Noun)
    Write-Paragraphs $Writer (ConvertTo-Paragraphs (& $linesOf 'SYNOPSIS'))
    $Writer.WriteEndElement()

    Write-Paragraphs $Writer (ConvertTo-Paragraphs (& $linesOf 'DESCRIPTION'))

    # Syntax: one item per parameter set, default set first, as the compiled cmdlet declares them.
    $Writer.WriteStartElement('command', 'syntax', $commandNs)
    foreach ($set in @($Command.ParameterSets | Sort-Object { -not $_.IsDefault })) {
        $Writer.WriteStartElement('command', 'syntaxItem', $commandNs)
        $Writer.WriteElementString('maml', 'name', $mamlNs, $Command.Name)
        $ordered = $set.Parameters | Where-Object { & $documented $_.Name } |
            Sort-Object @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } }, @{ Expression = { -not $_.IsMandatory } }
        foreach ($p in $ordered) {
            $position = if ($p.Position -ge 0) { [string]$p.Position } else { 'named' }
            Write-Parameter $Writer $p $Command.Parameters[$p.Name] (& $describe $p.Name) $p.IsMandatory $position
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # Parameters: each once; required/position only when every set agrees.
    $Writer.WriteStartElement('command', 'parameters', $commandNs)
    foreach ($name in @($Command.Parameters.Keys | Where-Object { & $documented $_ } | Sort-Object)) {
        $inSets = @($Command.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -EQ $name })
        $required = @($inSets | Where-Object { -not $_.IsMandatory }).Count -eq 0
        $positions = @($inSets | ForEach-Object { $_.Position } | Sort-Object -Unique)
        $position = if ($positions.Count -eq 1 -and $positions[0] -ge 0) { [string]$positions[0] } else { 'named' }
        Write-Parameter $Writer $inSets[0] $Command.Parameters[$name] (& $describe $name) $required $position
    }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' (& $section 'INPUTS')
    Write-TypeList $Writer 'returnValues' 'returnValue' (& $section 'OUTPUTS')

    $Writer.WriteStartElement('maml', 'alertSet', $mamlNs)
    $Writer.WriteStartElement('maml', 'alert', $mamlNs)
    foreach ($p in (ConvertTo-Paragraphs (& $linesOf 'NOTES'))) { $Writer.WriteElementString('maml', 'para', $mamlNs, $p) }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $commandNs)
    $examples = & $section 'EXAMPLES'
    if ($examples) {
        foreach ($entry in $examples.Subsections.GetEnumerator()) {
            $example = Split-Example $entry.Value.ToArray()
            $Writer.WriteStartElement('command', 'example', $commandNs)
            $Writer.WriteElementString('maml', 'title', $mamlNs, "--------- $($entry.Key) ---------")
            $Writer.WriteElementString('dev', 'code', $devNs, $example.Code)
            $Writer.WriteStartElement('dev', 'remarks', $devNs)
            foreach ($p in $example.Remarks) { $Writer.WriteElementString('maml', 'para', $mamlNs, $p) }
            $Writer.WriteEndElement()
            $Writer.WriteEndElement()
        }
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $commandNs)
    foreach ($line in (& $linesOf 'RELATED LINKS')) {
        if ($line -match '\[(?<text>[^\]]+)\]\((?<uri>[^)]*)\)') {
            $uri = if ($Matches.uri -match '^https?://') { $Matches.uri } else { '' }
            $Writer.WriteStartElement('maml', 'navigationLink', $mamlNs)
            $Writer.WriteElementString('maml', 'linkText', $mamlNs, $Matches.text)
            $Writer.WriteElementString('maml', 'uri', $mamlNs, $uri)
            $Writer.WriteEndElement()
        }
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

$module = Import-Module -Name $ModuleManifest -Force -PassThru
$pages = @(Get-ChildItem -LiteralPath $DocsPath -Filter '*.md' -File | Sort-Object Name)
if ($pages.Count -eq 0) { throw "No cmdlet help pages in '$DocsPath'." }

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
New-Item -ItemType Directory -Force -Path (Split-Path -Parent $OutputPath) | Out-Null
$writer = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($file in $pages) {
        $page = Read-HelpPage $file.FullName
        $command = $module.ExportedCmdlets[$page.Name]
        if (-not $command) {
            throw "$($file.FullName) documents '$($page.Name)', which the module at '$ModuleManifest' does not export."
        }
        Write-Command $writer $page $command $file.FullName
        Write-Verbose "Compiled help for $($page.Name)."
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}

# Fail here rather than in Get-Help: the file must be well-formed XML.
[xml](Get-Content -LiteralPath $OutputPath -Raw) | Out-Null
"Compiled $($pages.Count) help page(s) into $OutputPath"
